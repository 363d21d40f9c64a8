import { css } from 'lit';

// Dark values, shared by `prefers-color-scheme: dark` and an explicit dark theme.
const dark = css`
  --_fg: var(--ess-color-text, #e6edf3);
  --_bg: var(--ess-color-surface, #161b22);
  --_muted: var(--ess-color-text-muted, #9da7b3);
  --_border: var(--ess-color-border, #3d444d);
  --_primary: var(--ess-color-primary, #4d8dff);
  --_on-primary: var(--ess-color-on-primary, #0d1117);
  --_focus: var(--ess-focus-ring-color, #79a8ff);
  --_pending-bg: var(--ess-status-pending-bg, #1f3a66);
  --_pending-fg: var(--ess-status-pending-fg, #cfe0ff);
  --_progress-bg: var(--ess-status-progress-bg, #4a3a10);
  --_progress-fg: var(--ess-status-progress-fg, #ffe3a3);
  --_success-bg: var(--ess-status-success-bg, #12361f);
  --_success-fg: var(--ess-status-success-fg, #aff5c4);
  --_danger-bg: var(--ess-status-danger-bg, #4a1512);
  --_danger-fg: var(--ess-status-danger-fg, #ffc8c2);
  --_muted-bg: var(--ess-status-muted-bg, #2d333b);
  --_muted-fg: var(--ess-status-muted-fg, #d1d7e0);
  --_error: var(--ess-color-error, #ff8f85);
`;

/**
 * Design tokens shared by every element. Public knobs are `--ess-*` custom properties; the
 * `--_*` ones are private resolved values. Defaults meet WCAG AA contrast in light and dark.
 */
export const themeStyles = css`
  :host {
    --_fg: var(--ess-color-text, #1f2328);
    --_bg: var(--ess-color-surface, #ffffff);
    --_muted: var(--ess-color-text-muted, #57606a);
    --_border: var(--ess-color-border, #d0d7de);
    --_primary: var(--ess-color-primary, #0052d9);
    --_on-primary: var(--ess-color-on-primary, #ffffff);
    --_focus: var(--ess-focus-ring-color, #0052d9);
    --_pending-bg: var(--ess-status-pending-bg, #e8f0fe);
    --_pending-fg: var(--ess-status-pending-fg, #0b3d91);
    --_progress-bg: var(--ess-status-progress-bg, #fff4d6);
    --_progress-fg: var(--ess-status-progress-fg, #6b4a00);
    --_success-bg: var(--ess-status-success-bg, #dcfce7);
    --_success-fg: var(--ess-status-success-fg, #14532d);
    --_danger-bg: var(--ess-status-danger-bg, #fde2e1);
    --_danger-fg: var(--ess-status-danger-fg, #8a1c13);
    --_muted-bg: var(--ess-status-muted-bg, #eef0f3);
    --_muted-fg: var(--ess-status-muted-fg, #3d444d);
    --_error: var(--ess-color-error, #b42318);
    --_radius: var(--ess-radius, 6px);
    --_font: var(--ess-font-family, system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif);
    font-family: var(--_font);
    font-size: var(--ess-font-size, 14px);
    line-height: 1.4;
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-ess-theme='light'])) {
      ${dark}
    }
  }
  :host([data-ess-theme='dark']) {
    ${dark}
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
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
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
