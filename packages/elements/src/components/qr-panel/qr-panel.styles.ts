import { css } from 'lit';

export const qrPanelStyles = css`
  :host {
    display: inline-block;
  }
  .panel {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5em;
    padding: var(--ess-qr-panel-padding, 1em);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    text-align: center;
    max-width: 22em;
  }
  .frame {
    display: flex;
    align-items: center;
    justify-content: center;
    min-width: var(--ess-qr-size, 160px);
    min-height: var(--ess-qr-size, 160px);
    line-height: 0;
    background: #fff;
  }
  .frame.message {
    line-height: 1.4;
    padding: 1em;
    background: var(--_muted-bg);
    color: var(--_muted-fg);
    border-radius: var(--_radius);
    max-width: 14em;
  }
  p {
    margin: 0;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.9em;
  }
`;
