package dev.telemetry.autoconfigure.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the redaction of secret-looking query values and for {@code error.type} in
 * {@link HttpConventions}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpQueryRedactionTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~',
			textBlock = """
					q=shoes&page=2|q=shoes&page=2
					token=abc123|token=REDACTED
					access_token=abc&q=x|access_token=REDACTED&q=x
					q=x&password=hunter2&page=1|q=x&password=REDACTED&page=1
					sig=a%2Fb&sv=2024|sig=REDACTED&sv=2024
					X-Amz-Signature=f00&X-Amz-Credential=AKIA%2F&X-Amz-Security-Token=t|X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Security-Token=REDACTED
					AWSAccessKeyId=AKIA&Signature=s&Expires=1|AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1
					X-Goog-Signature=abc|X-Goog-Signature=REDACTED
					api_key=k&apiKey=k&api-key=k&key=k|api_key=REDACTED&apiKey=REDACTED&api-key=REDACTED&key=REDACTED
					client_secret=s&JSESSIONID=j&auth=a|client_secret=REDACTED&JSESSIONID=REDACTED&auth=REDACTED
					design=blue&keyword=shoes&signup=true|design=blue&keyword=shoes&signup=true
					token=&flag&=x&token|token=&flag&=x&token
					a=1&&token=t|a=1&&token=REDACTED
					""")
	void redactsValuesOfSecretLookingKeysOnly(String query, String redacted) {
		assertThat(HttpConventions.redactQuery(query)).isEqualTo(redacted);
	}

	@Test
	void queryWithoutSecretsIsTheSameInstance() {
		String query = "q=shoes&page=2";
		assertThat(HttpConventions.redactQuery(query)).isSameAs(query);
	}

	@Test
	void fullUrlRedactsSecretQueryValuesAndKeepsTheRest() {
		assertThat(
				HttpConventions.fullUrl(URI.create("https://api.example.com:8443/v1/items?q=a%20b&token=s3cr3t#top")))
			.isEqualTo("https://api.example.com:8443/v1/items?q=a%20b&token=REDACTED#top");
	}

	@Test
	void fullUrlRedactsUserInfoAndQueryTogether() {
		assertThat(HttpConventions.fullUrl(URI.create("http://alice:pw@example.com/a%20b?sig=xyz&x=1")))
			.isEqualTo("http://REDACTED:REDACTED@example.com/a%20b?sig=REDACTED&x=1");
	}

	@Test
	void fullUrlWithoutSecretsIsUnchanged() {
		String url = "http://127.0.0.1:8080/hello?name=world";
		assertThat(HttpConventions.fullUrl(URI.create(url))).isEqualTo(url);
	}

	@Test
	void errorTypeIsTheClassOfTheWrappedIoFailure() {
		ConnectException refused = new ConnectException("Connection refused");
		assertThat(HttpConventions.errorType(new ResourceAccessException("I/O error", refused)))
			.isEqualTo("java.net.ConnectException");
		WebClientRequestException reactive = new WebClientRequestException(refused, HttpMethod.GET,
				URI.create("http://127.0.0.1:1/"), new HttpHeaders());
		assertThat(HttpConventions.errorType(reactive)).isEqualTo("java.net.ConnectException");
	}

	@Test
	void errorTypeOfOtherExceptionsIsTheirOwnClass() {
		assertThat(HttpConventions.errorType(new IllegalStateException(new IOException())))
			.isEqualTo("java.lang.IllegalStateException");
		assertThat(HttpConventions.errorType(new ResourceAccessException("no cause")))
			.isEqualTo("org.springframework.web.client.ResourceAccessException");
	}

}
