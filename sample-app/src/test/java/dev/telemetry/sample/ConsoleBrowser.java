package dev.telemetry.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * for the console's browser tests, and what they do on the page. Selenium downloads
 * nothing: the driver and the browser are given by path. Without them the tests are
 * skipped, unless {@code -Dtelemetry.browser-tests=required}.
 */
final class ConsoleBrowser {

	static final Duration WAIT = Duration.ofSeconds(30);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private ConsoleBrowser() {
	}

	static WebDriver start() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			String message = "No " + CHROMIUM + " or " + CHROMEDRIVER + ": the console's browser tests need Chromium. "
					+ "Install it (Debian: apt-get install chromium chromium-driver) and run "
					+ "mvn -B verify -Dtelemetry.browser-tests=required (as .ci/run does)";
			if ("required".equals(System.getProperty("telemetry.browser-tests"))) {
				fail(message);
			}
			assumeTrue(false, message);
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(new File(CHROMIUM.toString()));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,800");
		return new ChromeDriver(service, options);
	}

	// Clicks Refresh until the trace is listed with all its spans (the root span ends
	// after the response has been written).
	static WebElement awaitTraceRow(WebDriver browser, String name, int spans) {
		return new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(250)).until((d) -> {
			for (WebElement row : d.findElements(By.cssSelector("#traces tbody tr"))) {
				List<WebElement> cells = row.findElements(By.tagName("td"));
				if (cells.get(1).getText().equals(name) && cells.get(5).getText().equals(String.valueOf(spans))) {
					return row;
				}
			}
			d.findElement(By.id("refresh")).click();
			return null;
		});
	}

	static <T> List<T> ofSize(List<T> list, int size) {
		return (list.size() == size) ? list : null;
	}

	static double barWidth(WebDriver browser, WebElement spanRow) {
		WebElement bar = spanRow.findElement(By.className("bar"));
		return ((Number) ((JavascriptExecutor) browser)
			.executeScript("return arguments[0].getBoundingClientRect().width", bar)).doubleValue();
	}

	// Every URL the page loaded: itself and each fetch (the Resource Timing entries).
	@SuppressWarnings("unchecked")
	static List<String> requestedUrls(WebDriver browser) {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(
				"return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
						+ ".map(function (e) { return e.name; })");
	}

}
