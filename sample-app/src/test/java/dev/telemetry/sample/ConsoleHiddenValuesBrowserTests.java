package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.telemetry.sample.ConsoleBrowser.WAIT;
import static dev.telemetry.sample.ConsoleBrowser.awaitTraceRow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console with {@code management.endpoint.telemetry.show-values=never}: attribute
 * keys are listed, their values and the stack trace are not, and the page says why.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoint.telemetry.show-values=never",
				"telemetry.exporter.type=none" })
@Timeout(120)
class ConsoleHiddenValuesBrowserTests {

	private static WebDriver driver;

	@LocalServerPort
	private int port;

	@AfterAll
	static void stop() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void valuesAreMaskedAsTheEndpointMasksThem() throws Exception {
		HttpRequest boom = HttpRequest.newBuilder(URI.create(url("/boom"))).timeout(Duration.ofSeconds(20)).build();
		assertThat(HttpClient.newHttpClient().send(boom, HttpResponse.BodyHandlers.discarding()).statusCode())
			.isEqualTo(500);
		driver = ConsoleBrowser.start();
		driver.get(url("/actuator/telemetryconsole"));
		awaitTraceRow(driver, "GET /boom", 1).click();
		new WebDriverWait(driver, WAIT).until((d) -> d.findElement(By.cssSelector("#waterfall .span-row"))).click();
		WebElement details = new WebDriverWait(driver, WAIT).until((d) -> {
			WebElement element = d.findElement(By.id("details"));
			return element.getText().contains("http.route") ? element : null;
		});
		assertThat(details.getText()).contains("http.route ******", "url.path ******", "exception.type ******")
			.doesNotContain("IllegalStateException");
		assertThat(details.findElement(By.cssSelector("pre.stacktrace")).getText()).isEqualTo("******");
		assertThat(driver.findElement(By.id("values-note")).getText())
			.contains("management.endpoint.telemetry.show-values");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
