/**
 * Registers a custom element unless the name is taken: loading ess-kit twice (two bundles, a
 * bundle and the ESM build) must not throw.
 */
export function defineElement(name: string, elementClass: CustomElementConstructor): void {
  if (typeof customElements !== 'undefined' && !customElements.get(name)) {
    customElements.define(name, elementClass);
  }
}
