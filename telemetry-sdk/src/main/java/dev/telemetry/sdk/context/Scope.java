package dev.telemetry.sdk.context;

/**
 * Restores the previous current context when closed. Close scopes in the reverse order of
 * opening, on the thread that opened them.
 *
 * @since 0.1.0
 */
public interface Scope extends AutoCloseable {

	/**
	 * Restores the context that was current before this scope opened. Never throws.
	 */
	@Override
	void close();

}
