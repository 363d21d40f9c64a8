import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expiredTokenStory, FLOWS_BY_STATUS, loadingStory, QRS } from './fixtures.js';

interface QrArgs {
  qrCodeId?: string;
  templateId?: string;
  flowName?: string;
  maxFlows?: string;
  flowId?: string;
  recipientId?: string;
  hideCancel: boolean;
}

/**
 * `<ess-qr-panel>`: a signing QR code. With `qr-code-id` it shows a one-code-multi-sign code (count,
 * countdown, cancel, end states); with `template-id` it creates one; with `flow-id` it shows the
 * signing link of one signer as a QR code.
 */
const meta: Meta<QrArgs> = {
  title: 'Components/QR panel',
  component: 'ess-qr-panel',
  tags: ['autodocs'],
  render: (args) =>
    html`<ess-qr-panel
      qr-code-id=${args.qrCodeId ?? ''}
      template-id=${args.templateId ?? ''}
      flow-name=${args.flowName ?? ''}
      max-flows=${args.maxFlows ?? ''}
      flow-id=${args.flowId ?? ''}
      recipient-id=${args.recipientId ?? ''}
      ?hide-cancel=${args.hideCancel}
    ></ess-qr-panel>`,
  args: { hideCancel: false },
};
export default meta;
type Story = StoryObj<QrArgs>;

const existing = (key: keyof typeof QRS, name: string): Story => ({
  name,
  args: { qrCodeId: QRS[key].qrCodeId },
  parameters: { fixtures: { qrs: [QRS[key]] } },
});

export const Active = existing('active', 'Active · 2/5 contracts');
export const ActiveNoScansYet = existing('fresh', 'Active · no scans yet');
export const Exhausted = existing('exhausted', 'Exhausted · 2/2 contracts');
export const Expired = existing('expired', 'Expired');
export const Cancelled = existing('cancelled', 'Cancelled');
export const QuotaFailure = existing('quotaFailure', 'Scan failed · no contract quota');

export const HideCancel: Story = {
  name: 'Active · without cancel (hide-cancel)',
  args: { qrCodeId: QRS.active.qrCodeId, hideCancel: true },
  parameters: { fixtures: { qrs: [QRS.active] } },
};

export const CreateFromTemplate: Story = {
  name: 'Template mode · creates a code',
  args: { templateId: QRS.fresh.templateId, flowName: QRS.fresh.flowName, maxFlows: '5' },
  parameters: { fixtures: { qrs: [QRS.fresh] } },
};

export const SignerLink: Story = {
  name: 'Flow mode · one signer’s link',
  args: { flowId: FLOWS_BY_STATUS[1].flowId, recipientId: FLOWS_BY_STATUS[1].approvers[0].recipientId },
  parameters: { fixtures: { flows: [FLOWS_BY_STATUS[1]] } },
};

export const Loading: Story = { name: 'Loading', ...loadingStory<QrArgs>('qr') };

export const LoadError: Story = {
  name: 'Error · QR code not found',
  args: { qrCodeId: 'yDQrThatDoesNotExist000000000000' },
  parameters: { fixtures: {} },
};

export const ExpiredToken: Story = { name: 'Error · expired token', ...expiredTokenStory<QrArgs>('qr') };

export const English: Story = { ...Active, name: 'English (en)', globals: { locale: 'en' } };
export const Dark: Story = { ...Active, name: 'Dark theme', globals: { theme: 'dark' } };
export const RightToLeft: Story = {
  ...Active,
  name: 'Right-to-left layout',
  globals: { direction: 'rtl', locale: 'en' },
};
