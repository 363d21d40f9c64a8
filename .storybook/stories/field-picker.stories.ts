import '@ess-kit/elements/field-picker';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

interface PickerArgs {
  src?: string;
  templateId?: string;
  approvers: unknown[];
  value?: unknown[];
  zoom: number;
}

// Storybook serves pdf.js and the demo's sample contract as static files (see main.ts staticDirs).
const PDFJS = './pdfjs/';
const SAMPLE = './demo/sample-contract.pdf';

const APPROVERS = [
  { ApproverType: 0, OrganizationName: '示例科技有限公司', ApproverName: '张经办' },
  { ApproverType: 1, ApproverName: '李小明' },
];

const seal = {
  ComponentType: 'SIGN_SEAL',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 70,
  ComponentPosY: 600,
  ComponentWidth: 120,
  ComponentHeight: 120,
};
const signature = {
  ComponentType: 'SIGN_SIGNATURE',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 330,
  ComponentPosY: 630,
  ComponentWidth: 120,
  ComponentHeight: 60,
};

/**
 * `<ess-field-picker>`: drag seals, signatures, dates and fill-in fields onto a PDF and read them back
 * as ESS components (`value`, `ess-fields-change`) for `POST /v1/flows/by-file`. pdf.js loads from
 * `pdfjs/` beside the picker's script (`pdfjs-base` here, because Storybook bundles the sources).
 */
const meta: Meta<PickerArgs> = {
  title: 'Components/Field picker',
  component: 'ess-field-picker',
  tags: ['autodocs'],
  render: (args) =>
    html`<ess-field-picker
      src=${args.src ?? ''}
      template-id=${args.templateId ?? ''}
      pdfjs-base=${PDFJS}
      zoom=${args.zoom}
      .approvers=${args.approvers}
      .value=${structuredClone(args.value ?? [])}
      style="--ess-picker-height: 520px"
    ></ess-field-picker>`,
  args: { src: SAMPLE, approvers: APPROVERS, zoom: 0.75 },
};
export default meta;
type Story = StoryObj<PickerArgs>;

export const SampleContract: Story = { name: 'Sample contract · nothing placed yet' };

export const Empty: Story = { name: 'Empty · no PDF yet', args: { src: undefined } };

export const ExistingComponents: Story = {
  name: 'Existing components · a seal and a signature',
  args: { value: [{ SignComponents: [seal] }, { SignComponents: [signature] }] },
};

export const KeywordAndField: Story = {
  name: 'KEYWORD and FIELD placements',
  args: {
    value: [
      {
        SignComponents: [
          { ComponentType: 'SIGN_SEAL', FileIndex: 0, GenerateMode: 'FIELD', ComponentName: 'partyA' },
        ],
      },
      {
        SignComponents: [
          // The second "Party B" in reading order (KeywordIndexes counts from 0): the box's caption.
          {
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            GenerateMode: 'KEYWORD',
            ComponentId: 'Party B',
            KeywordIndexes: [1],
            RelativeLocation: 'Below',
            OffsetY: 40,
            ComponentWidth: 120,
            ComponentHeight: 60,
          },
        ],
      },
    ],
  },
};

export const Invalid: Story = {
  name: 'Invalid placements · a seal for a person, overlapping boxes',
  args: {
    value: [
      {
        SignComponents: [
          { ...seal, ComponentPosY: 250 },
          { ...seal, ComponentPosX: 120, ComponentPosY: 300 },
        ],
      },
      { SignComponents: [{ ...seal, ComponentPosX: 330, ComponentPosY: 250 }] },
    ],
  },
};

/** A template the picker loads through the BFF (`GET /v1/templates/:id/pdf`); here a fixture answers. */
const TEMPLATE_ID = 'yDwStoryTemplate0000000000000001';

export const FromTemplate: Story = {
  name: 'From a template · template-id, PDF relayed by the BFF',
  args: { src: undefined, templateId: TEMPLATE_ID },
  parameters: { fixtures: { answers: { [`GET /v1/templates/${TEMPLATE_ID}/pdf`]: { file: SAMPLE } } } },
};

export const TemplateOutOfScope: Story = {
  name: 'Error · the token does not name the template',
  args: { src: undefined, templateId: TEMPLATE_ID },
  parameters: {
    fixtures: {
      answers: {
        [`GET /v1/templates/${TEMPLATE_ID}/pdf`]: {
          status: 403,
          body: {
            error: {
              code: 'OUT_OF_SCOPE',
              message: `This browser token does not cover template ${TEMPLATE_ID}`,
              requestId: 'fixture',
            },
          },
        },
      },
    },
  },
};

export const LoadError: Story = { name: 'Error · not a PDF', args: { src: './demo/demo.css' } };

export const English: Story = {
  name: 'English',
  args: { value: [{ SignComponents: [seal] }, { SignComponents: [signature] }] },
  globals: { locale: 'en' },
};

export const Dark: Story = {
  name: 'Dark',
  args: { value: [{ SignComponents: [seal] }, { SignComponents: [signature] }] },
  globals: { theme: 'dark' },
};

export const DarkEnglish: Story = {
  name: 'Dark · English',
  args: { value: [{ SignComponents: [seal] }, { SignComponents: [signature] }] },
  globals: { theme: 'dark', locale: 'en' },
};
