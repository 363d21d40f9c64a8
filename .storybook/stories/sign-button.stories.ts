import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expiredTokenStory, FLOWS_BY_STATUS, loadingStory, PROGRESS_FLOWS } from './fixtures.js';

interface SignArgs {
  flowId: string;
  recipientId?: string;
  mode: 'auto' | 'mobile' | 'desktop';
}

/**
 * `<ess-sign-button>`: fetches a signing link on click (never before: links expire). On a phone it
 * opens the link; on a PC it shows the link as a QR code. Disabled, with the reason, when the signer
 * cannot sign now.
 */
const meta: Meta<SignArgs> = {
  title: 'Components/Sign button',
  component: 'ess-sign-button',
  tags: ['autodocs'],
  render: (args) =>
    html`<ess-sign-button flow-id=${args.flowId} recipient-id=${args.recipientId ?? ''} mode=${args.mode}></ess-sign-button>`,
  args: { mode: 'desktop' },
};
export default meta;
type Story = StoryObj<SignArgs>;

const pending = FLOWS_BY_STATUS[1];
const partial = FLOWS_BY_STATUS[2];

export const YourTurn: Story = {
  name: 'Ready · your turn',
  args: { flowId: pending.flowId, recipientId: pending.approvers[0].recipientId },
  parameters: { fixtures: { flows: [pending] } },
};

export const NotYourTurn: Story = {
  name: 'Disabled · not your turn (ordered)',
  args: { flowId: pending.flowId, recipientId: pending.approvers[1].recipientId },
  parameters: { fixtures: { flows: [pending] } },
};

export const AlreadySigned: Story = {
  name: 'Disabled · you already signed',
  args: { flowId: partial.flowId, recipientId: partial.approvers[0].recipientId },
  parameters: { fixtures: { flows: [partial] } },
};

export const AnyOrder: Story = {
  name: 'Ready · any order',
  args: {
    flowId: PROGRESS_FLOWS.unordered.flowId,
    recipientId: PROGRESS_FLOWS.unordered.approvers[0].recipientId,
  },
  parameters: { fixtures: { flows: [PROGRESS_FLOWS.unordered] } },
};

const closed = (status: number, name: string): Story => ({
  name,
  args: { flowId: FLOWS_BY_STATUS[status].flowId },
  parameters: { fixtures: { flows: [FLOWS_BY_STATUS[status]] } },
});
export const Finished = closed(4, 'Disabled · signed');
export const Refused = closed(3, 'Disabled · refused');
export const Expired = closed(5, 'Disabled · expired');
export const Cancelled = closed(6, 'Disabled · cancelled');

export const Loading: Story = { name: 'Loading', ...loadingStory<SignArgs>('flow') };

export const LoadError: Story = {
  name: 'Error · flow not found',
  args: { flowId: 'yDFlowThatDoesNotExist0000000000' },
  parameters: { fixtures: {} },
};

export const ExpiredToken: Story = { name: 'Error · expired token', ...expiredTokenStory<SignArgs>('flow') };

/** Desktop: the click fetches a link and shows it as a QR code to scan with a phone. */
export const DesktopQrDialog: Story = {
  name: 'Desktop · QR code dialog (after click)',
  args: { flowId: pending.flowId, recipientId: pending.approvers[0].recipientId, mode: 'desktop' },
  parameters: { fixtures: { flows: [pending] } },
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('ess-sign-button');
    await element?.updateComplete;
    element?.shadowRoot?.querySelector<HTMLButtonElement>('button[part="button"]')?.click();
  },
};

export const CustomLabel: Story = {
  name: 'Custom label (slot)',
  render: () =>
    html`<ess-sign-button flow-id=${pending.flowId} recipient-id=${pending.approvers[0].recipientId} mode="desktop"
      >去签署合同</ess-sign-button
    >`,
  parameters: { fixtures: { flows: [pending] } },
};

export const English: Story = {
  ...NotYourTurn,
  name: 'English (en) · not your turn',
  globals: { locale: 'en' },
};

export const Dark: Story = {
  ...YourTurn,
  name: 'Dark theme',
  globals: { theme: 'dark' },
};

export const RightToLeft: Story = {
  ...NotYourTurn,
  name: 'Right-to-left layout',
  globals: { direction: 'rtl', locale: 'en' },
};
