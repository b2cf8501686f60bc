import type { AskOptions } from './engine.ts';

/**
 * The lifetime of one provider call: one signal that aborts it when the caller's signal does,
 * when the time allowed runs out (even mid-stream, the provider having answered), or when
 * whoever reads the answer stops early. It remembers which of these ended the call.
 */
export class ProviderCall {
  #controller = new AbortController();
  #timer: NodeJS.Timeout;
  #callerSignal: AbortSignal | undefined;
  #onCallerAbort = (): void => {
    this.cancelledByCaller = true;
    this.#controller.abort(this.#callerSignal?.reason);
  };
  timedOut = false;
  cancelledByCaller = false;

  constructor(options: AskOptions) {
    this.#callerSignal = options.signal;
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#controller.abort(new DOMException('The provider call timed out', 'TimeoutError'));
    }, options.timeoutMs);
    if (options.signal?.aborted) {
      this.#onCallerAbort();
    } else {
      options.signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Stops the clock, and aborts whatever is still in flight unless the answer was read to its
   * end (then nothing is, and an abort would only cost a DOMException per turn).
   */
  end({ answered = false }: { answered?: boolean } = {}): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
    if (!answered && !this.#controller.signal.aborted) {
      this.#controller.abort(new DOMException('The answer was not read to the end', 'AbortError'));
    }
  }
}
