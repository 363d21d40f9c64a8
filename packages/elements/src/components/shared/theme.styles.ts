import { css } from 'lit';

/**
 * Design tokens shared by every element. Public knobs are `--ess-*` custom properties; the
 * `--_*` ones are private resolved values. Light and dark defaults come from `light-dark()`, so
 * `color-scheme` picks them: the OS setting by default, or the `theme` option
 * (`data-ess-theme` on the host). Defaults meet WCAG AA contrast in both.
 */
export const themeStyles = css`
  :host {
    color-scheme: light dark;
    --_fg: var(--ess-color-text, light-dark(#1f2328, #e6edf3));
    --_bg: var(--ess-color-surface, light-dark(#fff, #161b22));
    --_muted: var(--ess-color-text-muted, light-dark(#57606a, #9da7b3));
    --_border: var(--ess-color-border, light-dark(#d0d7de, #3d444d));
    --_primary: var(--ess-color-primary, light-dark(#0052d9, #4d8dff));
    --_on-primary: var(--ess-color-on-primary, light-dark(#fff, #0d1117));
    --_focus: var(--ess-focus-ring-color, light-dark(#0052d9, #79a8ff));
    --_pending-bg: var(--ess-status-pending-bg, light-dark(#e8f0fe, #1f3a66));
    --_pending-fg: var(--ess-status-pending-fg, light-dark(#0b3d91, #cfe0ff));
    --_progress-bg: var(--ess-status-progress-bg, light-dark(#fff4d6, #4a3a10));
    --_progress-fg: var(--ess-status-progress-fg, light-dark(#6b4a00, #ffe3a3));
    --_success-bg: var(--ess-status-success-bg, light-dark(#dcfce7, #12361f));
    --_success-fg: var(--ess-status-success-fg, light-dark(#14532d, #aff5c4));
    --_danger-bg: var(--ess-status-danger-bg, light-dark(#fde2e1, #4a1512));
    --_danger-fg: var(--ess-status-danger-fg, light-dark(#8a1c13, #ffc8c2));
    --_muted-bg: var(--ess-status-muted-bg, light-dark(#eef0f3, #2d333b));
    --_muted-fg: var(--ess-status-muted-fg, light-dark(#3d444d, #d1d7e0));
    --_error: var(--ess-color-error, light-dark(#b42318, #ff8f85));
    --_radius: var(--ess-radius, 6px);
    font-family: var(--ess-font-family, system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif);
    font-size: var(--ess-font-size, 14px);
    line-height: 1.4;
    color: var(--_fg);
  }
  :host([data-ess-theme='light']) {
    color-scheme: light;
  }
  :host([data-ess-theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .error {
    color: var(--_error);
  }
`;

/** The button look shared by sign, download and cancel actions. */
export const buttonStyles = css`
  button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    padding: var(--ess-button-padding, 0.5em 1.1em);
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
    min-height: 2.5em;
  }
  button.secondary {
    background: transparent;
    color: var(--_primary);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    background: var(--_muted-bg);
    border-color: var(--_border);
    color: var(--_muted-fg);
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: ess-spin 0.8s linear infinite;
  }
  @keyframes ess-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
