import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expiredTokenStory, FLOWS_BY_STATUS, loadingStory } from './fixtures.js';

interface DownloadArgs {
  flowId: string;
  fileType: 'PDF' | 'ZIP';
  fileName?: string;
}

/**
 * `<ess-download-button>`: enabled once the flow is signed; fetches fresh download links at click
 * time (DescribeFileUrls through the BFF) and downloads, showing progress and errors.
 */
const meta: Meta<DownloadArgs> = {
  title: 'Components/Download button',
  component: 'ess-download-button',
  tags: ['autodocs'],
  render: (args) =>
    html`<ess-download-button flow-id=${args.flowId} file-type=${args.fileType} file-name=${args.fileName ?? ''}></ess-download-button>`,
  args: { fileType: 'PDF' },
};
export default meta;
type Story = StoryObj<DownloadArgs>;

const signed = FLOWS_BY_STATUS[4];

export const DisabledUntilSigned: Story = {
  name: 'Disabled · not signed yet',
  args: { flowId: FLOWS_BY_STATUS[2].flowId },
  parameters: { fixtures: { flows: [FLOWS_BY_STATUS[2]] } },
};

export const DisabledRefused: Story = {
  name: 'Disabled · refused',
  args: { flowId: FLOWS_BY_STATUS[3].flowId },
  parameters: { fixtures: { flows: [FLOWS_BY_STATUS[3]] } },
};

export const Ready: Story = {
  name: 'Ready · signed',
  args: { flowId: signed.flowId },
  parameters: { fixtures: { flows: [signed] } },
};

export const ReadyZip: Story = {
  name: 'Ready · ZIP with a file name',
  args: { flowId: signed.flowId, fileType: 'ZIP', fileName: 'service-agreement' },
  parameters: { fixtures: { flows: [signed] } },
};

/** The click fetches links, the BFF refuses: the button shows the error and stays usable. */
export const Failed: Story = {
  name: 'Failed · download links refused (after click)',
  args: { flowId: signed.flowId },
  parameters: {
    fixtures: {
      flows: [signed],
      answers: {
        [`GET /v1/flows/${signed.flowId}/files`]: {
          status: 502,
          body: {
            error: {
              code: 'ESS_UNAVAILABLE',
              message: 'Tencent E-Sign is not answering; try again.',
              requestId: 'fixture',
            },
          },
        },
      },
    },
  },
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('ess-download-button');
    await element?.updateComplete;
    element?.shadowRoot?.querySelector<HTMLButtonElement>('button')?.click();
  },
};

export const Loading: Story = { name: 'Loading', ...loadingStory<DownloadArgs>('flow') };

export const ExpiredToken: Story = {
  name: 'Error · expired token',
  ...expiredTokenStory<DownloadArgs>('flow'),
};

export const English: Story = { ...Ready, name: 'English (en)', globals: { locale: 'en' } };
export const Dark: Story = { ...Ready, name: 'Dark theme', globals: { theme: 'dark' } };
export const RightToLeft: Story = {
  ...DisabledUntilSigned,
  name: 'Right-to-left layout',
  globals: { direction: 'rtl', locale: 'en' },
};
