// Which screen is showing. Three places only (home, one case, verify a pack) plus the new-case
// form over any,
// so plain state is enough; no router.
export type View = { name: 'home' } | { name: 'case'; id: number } | { name: 'verify-pack' };

class Nav {
  view = $state<View>({ name: 'home' });
  /** The new-case form replaces the main area; closing it returns to `view`. */
  creating = $state(false);
  /** Title of the open case, for the drop overlay. */
  caseTitle = $state('');

  openCase(id: number): void {
    this.creating = false;
    this.caseTitle = '';
    this.view = { name: 'case', id };
  }

  home(): void {
    this.creating = false;
    this.caseTitle = '';
    this.view = { name: 'home' };
  }

  verifyPack(): void {
    this.creating = false;
    this.caseTitle = '';
    this.view = { name: 'verify-pack' };
  }

  newCase(): void {
    this.creating = true;
  }

  closeForm(): void {
    this.creating = false;
  }

  /** The case whose page the user is looking at, if any: drops and Ctrl+O go there. */
  visibleCaseId(): number | null {
    return !this.creating && this.view.name === 'case' ? this.view.id : null;
  }
}

export const nav = new Nav();
