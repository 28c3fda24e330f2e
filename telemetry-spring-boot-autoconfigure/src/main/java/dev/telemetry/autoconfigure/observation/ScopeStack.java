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

	// The TracingState of each scope, or the NullObservation context of an empty one.
	private Object[] owners = new Object[4];

	private Scope[] scopes = new Scope[4];

	private int size;

	void push(Object owner, Scope scope) {
		if (this.size == this.owners.length) {
			this.owners = Arrays.copyOf(this.owners, this.size * 2);
			this.scopes = Arrays.copyOf(this.scopes, this.size * 2);
		}
		this.owners[this.size] = owner;
		this.scopes[this.size] = scope;
		this.size++;
	}

	/**
	 * Closes the innermost scope of the owner and every scope opened after it.
	 * @param owner whose scope to close
	 */
	void close(Object owner) {
		for (int i = this.size - 1; i >= 0; i--) {
			if (this.owners[i] == owner) {
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
			this.owners[this.size] = null;
			this.scopes[this.size] = null;
			scope.close();
		}
	}

	boolean isEmpty() {
		return this.size == 0;
	}

}
