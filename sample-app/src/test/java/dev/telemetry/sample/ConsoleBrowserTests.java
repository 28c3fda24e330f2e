package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.telemetry.sample.ConsoleBrowser.WAIT;
import static dev.telemetry.sample.ConsoleBrowser.awaitTraceRow;
import static dev.telemetry.sample.ConsoleBrowser.barWidth;
import static dev.telemetry.sample.ConsoleBrowser.ofSize;
import static dev.telemetry.sample.ConsoleBrowser.requestedUrls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the telemetry console of the sample application in the system's headless Chromium
 * ({@link ConsoleBrowser}) and uses it as a person would. Without Chromium the browser
 * tests are skipped unless {@code -Dtelemetry.browser-tests=required}, which
 * {@code .ci/run} sets. With {@code -Dtelemetry.console.screenshot=docs/console.png} the
 * waterfall is also saved as a PNG (the path is relative to the repository root), and the
 * request-duration histogram beside it ({@code docs/console-metrics.png}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.tracing.batch.schedule-delay=100ms" })
@Timeout(120)
// Closed after the class: it would otherwise keep exporting to the closed receiver.
@DirtiesContext
class ConsoleBrowserTests {

	private static final OtlpTestReceiver receiver = OtlpTestReceiver.start();

	private static WebDriver driver;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		registry.add("telemetry.exporter.otlp.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.protocol", () -> "grpc");
	}

	@AfterAll
	static void stop() {
		if (driver != null) {
			driver.quit();
		}
		receiver.close();
	}

	@Test
	void consoleIsOneHtmlPageUnderTheActuatorBasePath() throws Exception {
		HttpResponse<String> page = get("/actuator/telemetryconsole");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<title>Telemetry console</title>");
	}

	@Test
	void chainTraceOpensAsAWaterfallOfNestedServerClientServerSpans() throws Exception {
		assertThat(get("/orders/1").statusCode()).isEqualTo(200);
		assertThat(get("/boom").statusCode()).isEqualTo(500);
		assertThat(get("/chain").statusCode()).isEqualTo(200);
		WebDriver browser = browser();
		browser.get(url("/actuator/telemetryconsole"));
		// root + (client + its server) twice: RestClient and WebClient
		WebElement row = awaitTraceRow(browser, "GET /chain", 5);
		row.click();
		List<WebElement> spans = new WebDriverWait(browser, WAIT)
			.until((d) -> ofSize(d.findElements(By.cssSelector("#waterfall .span-row")), 5));
		assertThat(spans).extracting((span) -> span.getAttribute("data-kind") + "/" + span.getAttribute("data-depth"))
			.containsExactly("SERVER/0", "CLIENT/1", "SERVER/2", "CLIENT/1", "SERVER/2");
		assertThat(spans.get(0).getText()).contains("GET /chain");
		assertThat(spans.get(2).getText()).contains("GET /hello");
		double root = barWidth(browser, spans.get(0));
		double client = barWidth(browser, spans.get(1));
		double server = barWidth(browser, spans.get(2));
		assertThat(root).isGreaterThan(client);
		assertThat(client).isGreaterThan(server);
		assertThat(server).isPositive();

		spans.get(1).click();
		WebElement details = browser.findElement(By.id("details"));
		assertThat(details.getText()).contains("url.full", url("/hello"));
		screenshotIfAsked((TakesScreenshot) browser);
		assertThat(requestedUrls(browser)).isNotEmpty()
			.allSatisfy((requested) -> assertThat(requested).startsWith(url("/")));
	}

	@Test
	void errorTraceIsMarkedAndShowsItsStackTrace() throws Exception {
		assertThat(get("/boom").statusCode()).isEqualTo(500);
		WebDriver browser = browser();
		browser.get(url("/actuator/telemetryconsole"));
		WebElement row = awaitTraceRow(browser, "GET /boom", 1);
		assertThat(row.getAttribute("data-error")).isEqualTo("true");
		assertThat(row.findElements(By.cssSelector("td .err"))).hasSize(1);
		row.click();
		WebElement span = new WebDriverWait(browser, WAIT)
			.until((d) -> d.findElement(By.cssSelector("#waterfall .span-row[data-status='ERROR']")));
		span.click();
		WebElement stack = new WebDriverWait(browser, WAIT)
			.until((d) -> d.findElement(By.cssSelector("#details pre.stacktrace")));
		assertThat(stack.getText()).startsWith("java.lang.IllegalStateException: boom")
			.contains("at dev.telemetry.sample.SampleController.boom(");
		assertThat(requestedUrls(browser)).allSatisfy((requested) -> assertThat(requested).startsWith(url("/")));
	}

	@Test
	void spansFromAnotherThreadAreInTheSameTree() throws Exception {
		assertThat(get("/audit").statusCode()).isEqualTo(200);
		WebDriver browser = browser();
		browser.get(url("/actuator/telemetryconsole"));
		awaitTraceRow(browser, "GET /audit", 2).click();
		// The query ran on the task executor's thread, under the request's span.
		List<WebElement> spans = new WebDriverWait(browser, WAIT)
			.until((d) -> ofSize(d.findElements(By.cssSelector("#waterfall .span-row")), 2));
		assertThat(spans).extracting((span) -> span.getAttribute("data-kind") + "/" + span.getAttribute("data-depth"))
			.containsExactly("SERVER/0", "CLIENT/1");
		assertThat(spans.get(1).getText()).contains("SELECT orders");
	}

	@Test
	void pipelineShowsTheSamplerQueueAndExporter() throws Exception {
		WebDriver browser = browser();
		browser.get(url("/actuator/telemetryconsole"));
		WebElement pipeline = new WebDriverWait(browser, WAIT).until((d) -> {
			WebElement section = d.findElement(By.id("pipeline"));
			return section.findElements(By.className("exporter")).isEmpty() ? null : section;
		});
		assertThat(pipeline.getText()).contains("parentbased_traceidratio", "queue", receiver.endpoint());
		assertThat(pipeline.findElements(By.className("processor"))).hasSize(1);
	}

	@Test
	void metricsPanelShowsTheRouteHistogramWithBucketsAndPercentiles() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/orders/1").statusCode()).isEqualTo(200);
		}
		WebDriver browser = browser();
		browser.get(url("/actuator/telemetryconsole"));
		// Refreshes the panel until the route's series is there (its duration is recorded
		// once the response is written).
		WebElement series = new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(250))
			.ignoring(StaleElementReferenceException.class)
			.until((d) -> {
				for (WebElement candidate : d
					.findElements(By.cssSelector(".stream[data-name='http.server.request.duration'] .series"))) {
					if (candidate.findElement(By.className("attrs")).getText().contains("http.route=/orders/{id}")) {
						return candidate;
					}
				}
				d.findElement(By.id("refresh-metrics")).click();
				return null;
			});
		List<WebElement> buckets = series.findElements(By.className("bucket"));
		assertThat(buckets).isNotEmpty();
		assertThat(buckets.stream().mapToLong((bucket) -> Long.parseLong(bucket.getAttribute("data-count"))).sum())
			.isGreaterThanOrEqualTo(5);
		assertThat(buckets).anySatisfy((bucket) -> assertThat(bucket.getSize().getHeight()).isPositive());
		assertThat(series.findElement(By.className("pct")).getText())
			.matches("p50 [0-9.e+-]+ ms · p95 [0-9.e+-]+ ms" + " · p99 [0-9.e+-]+ ms");
		// A counter, with its value, beside the histogram.
		WebElement counter = browser.findElement(By.cssSelector(".stream[data-kind='counter']"));
		assertThat(counter.findElement(By.className("value")).getText()).matches("[0-9.e+-]+.*");

		browser.findElement(By.id("m-name")).sendKeys("http.server.request");
		List<WebElement> shown = new WebDriverWait(browser, WAIT)
			.until((d) -> ofSize(d.findElements(By.cssSelector("#metrics .stream")), 1));
		assertThat(shown.get(0).getAttribute("data-name")).isEqualTo("http.server.request.duration");
		screenshotIfAsked(browser, shown.get(0));
		assertThat(requestedUrls(browser)).allSatisfy((requested) -> assertThat(requested).startsWith(url("/")));
	}

	private static void screenshotIfAsked(TakesScreenshot subject) throws Exception {
		screenshotIfAsked(subject, "");
	}

	// The histogram goes beside the waterfall's file (console.png, console-metrics.png),
	// whole: the window grows to hold it for the screenshot.
	private static void screenshotIfAsked(WebDriver browser, WebElement panel) throws Exception {
		if (screenshotTarget() == null) {
			return;
		}
		Dimension size = browser.manage().window().getSize();
		try {
			browser.manage().window().setSize(new Dimension(size.getWidth(), 2000));
			((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", panel);
			screenshotIfAsked(panel, "-metrics");
		}
		finally {
			browser.manage().window().setSize(size);
		}
	}

	private static void screenshotIfAsked(TakesScreenshot subject, String suffix) throws Exception {
		String target = screenshotTarget();
		if (target == null) {
			return;
		}
		// Tests run in sample-app/; the path is relative to the repository root.
		Path root = Path.of("").toAbsolutePath();
		if (root.getFileName().toString().equals("sample-app")) {
			root = root.getParent();
		}
		Path file = root.resolve(target.replaceFirst("(\\.png)?$", suffix + ".png"));
		Files.createDirectories(file.getParent());
		Files.write(file, subject.getScreenshotAs(OutputType.BYTES));
	}

	private static @Nullable String screenshotTarget() {
		String target = System.getProperty("telemetry.console.screenshot");
		return (target == null || target.isBlank()) ? null : target;
	}

	private static synchronized WebDriver browser() {
		if (driver == null) {
			driver = ConsoleBrowser.start();
		}
		return driver;
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
