package dev.telemetry.autoconfigure.observation;

import java.util.Arrays;

import dev.telemetry.sdk.context.Scope;

/**
 * The scopes opened by the handler on one thread, innermost last, so that closing an
 * observation's scope restores exactly what its opening replaced, even when an inner
 * scope leaked. Reused for the life of the thread: pushing and popping allocate nothing
 * once the arrays have grown to the thread's nesting depth.
 */
final class ScopeStack {

	private TracingState[] states = new TracingState[4];

	private Scope[] scopes = new Scope[4];

	private int size;

	void push(TracingState state, Scope scope) {
		if (this.size == this.states.length) {
			this.states = Arrays.copyOf(this.states, this.size * 2);
			this.scopes = Arrays.copyOf(this.scopes, this.size * 2);
		}
		this.states[this.size] = state;
		this.scopes[this.size] = scope;
		this.size++;
	}

	/**
	 * Closes the innermost scope of the state and every scope opened after it.
	 * @param state whose scope to close
	 */
	void close(TracingState state) {
		for (int i = this.size - 1; i >= 0; i--) {
			if (this.states[i] == state) {
				closeDownTo(i);
				return;
			}
		}
	}

	void closeAll() {
		closeDownTo(0);
	}

	private void closeDownTo(int index) {
		while (this.size > index) {
			this.size--;
			Scope scope = this.scopes[this.size];
			this.states[this.size] = null;
			this.scopes[this.size] = null;
			scope.close();
		}
	}

	boolean isEmpty() {
		return this.size == 0;
	}

}
