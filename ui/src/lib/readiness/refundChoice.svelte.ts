// The refund the calculator last computed for a case, so the letter claims that amount and not
// the full price. Kept for the session: the calculator is where the user decides it.
import type { RefundBasis } from '../bindings/RefundBasis';

class RefundChoice {
  #caseId = $state<number | null>(null);
  #basis = $state.raw<RefundBasis | null>(null);

  set(caseId: number, basis: RefundBasis) {
    this.#caseId = caseId;
    this.#basis = basis;
  }

  /** Forgets it (a test starting afresh). */
  clear() {
    this.#caseId = null;
    this.#basis = null;
  }

  /** The basis computed for `caseId`, or null when the calculator was not used for it. */
  of(caseId: number): RefundBasis | null {
    return this.#caseId === caseId ? this.#basis : null;
  }
}

export const refundChoice = new RefundChoice();
