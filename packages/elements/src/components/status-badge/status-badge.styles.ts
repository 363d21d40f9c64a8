import { css } from 'lit';

export const statusBadgeStyles = css`
  :host {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.6em;
    position: relative;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: var(--ess-badge-padding, 0.15em 0.7em);
    border-radius: var(--ess-badge-radius, 999px);
    font-weight: 600;
    background: var(--_pending-bg);
    color: var(--_pending-fg);
  }
  .dot {
    width: 0.5em;
    height: 0.5em;
    border-radius: 50%;
    background: currentColor;
  }
  .tone-progress {
    background: var(--_progress-bg);
    color: var(--_progress-fg);
  }
  .tone-success {
    background: var(--_success-bg);
    color: var(--_success-fg);
  }
  .tone-danger {
    background: var(--_danger-bg);
    color: var(--_danger-fg);
  }
  .tone-muted,
  .loading {
    background: var(--_muted-bg);
    color: var(--_muted-fg);
  }
  .progress {
    font-weight: 400;
  }
  .deadline {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .signers {
    display: none;
    position: absolute;
    top: calc(100% + 4px);
    left: 0;
    z-index: 10;
    min-width: 14em;
    padding: 0.5em 0.75em;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  .badge:hover + .signers,
  .badge:focus + .signers,
  .signers:hover {
    display: block;
  }
  .signers ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .signers li {
    display: flex;
    justify-content: space-between;
    gap: 1em;
  }
  .error {
    font-weight: 400;
  }
`;
