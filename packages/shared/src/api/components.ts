/**
 * Components — the fill and sign fields placed on a PDF — and the values sent for template components
 * (ess-api.md §7.5, §8).
 */
import * as z from 'zod';
import {
  ComponentLimitComponentType,
  ComponentType,
  GenerateMode,
  KeywordOrder,
  RelativeLocation,
} from './enums.js';

/**
 * Component — ess-api.md §8: a fill or sign field placed on the PDF.
 *
 * The spec flags ComponentPage/PosX/PosY/Width/Height as required, but they only mean something in
 * absolute (NORMAL) mode: the official KEYWORD examples send dummy zeros, and the guide's FIELD and
 * KEYWORD examples leave them out (a KEYWORD component without a size takes the keyword's box, a FIELD
 * one the form field's). So here they are optional and the check below requires what each
 * GenerateMode needs; `rules/components.ts` adds the semantic checks (1-based page, FileIndex 0…).
 */
export const Component = z
  .object({
    /** Fill types: TEXT, MULTI_LINE_TEXT, CHECK_BOX, FILL_IMAGE, DYNAMIC_TABLE, ATTACHMENT, SELECTOR, DATE, WATERMARK, DISTRICT, VIRTUAL_COMBINATION. Sign types: SIGN_SEAL, SIGN_DATE, SIGN_SIGNATURE, SIGN_PAGING_SIGNATURE, SIGN_PAGING_SEAL, SIGN_OPINION, SIGN_VIRTUAL_COMBINATION, SIGN_MULTI_LINE_TEXT, SIGN_SELECTOR, SIGN_LEGAL_PERSON_SEAL (individuals: no SEAL/PAGING_SEAL/LEGAL_PERSON_SEAL). Example: `SIGN_SEAL`. */
    ComponentType: ComponentType,
    /** Height in pt (absolute & keyword modes). Example: `43.1`. */
    ComponentHeight: z.number().optional(),
    /** Width in pt (absolute & keyword modes). Example: `119.1`. */
    ComponentWidth: z.number().optional(),
    /** 1-based page (absolute mode). File flows accept negatives: -1 = last page. Must not exceed page count. Example: `1`. */
    ComponentPage: z.int().optional(),
    /** X in pt (absolute mode). Example: `100.1`. */
    ComponentPosX: z.number().optional(),
    /** Y in pt (absolute mode). (Paging seals only need PosY/Width/Height.) Example: `100.1`. */
    ComponentPosY: z.number().optional(),
    /** File index (0..N); currently always 0 (single file). Example: `0`. */
    FileIndex: z.int(),
    /** `NORMAL` (absolute coords), `FIELD` (PDF form field named by ComponentName), `KEYWORD` (text search using ComponentId as keyword). Example: `NORMAL`. */
    GenerateMode: GenerateMode.optional(),
    /** Absolute mode: id ≤30 chars (CJK/letters/digits/_), unique per PDF. KEYWORD mode: the keyword itself; wrap in `^...^` for whole-word match. Example: `ComponentId_01`. */
    ComponentId: z.string().optional(),
    /** ≤20 chars; FIELD mode: the PDF form-field name. May repeat. Example: `price`. */
    ComponentName: z.string().optional(),
    /** Fill components: must be filled (default false). Example: `true`. */
    ComponentRequired: z.boolean().optional(),
    /** Output only (owning RecipientId when read from templates); leave empty on create. Example: `yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy`. */
    ComponentRecipientId: z.string().optional(),
    /** JSON string of type-specific options (Font/FontSize 6–72/FontAlign/FontColor 'R,G,B'/Bold; DATE Format; WATERMARK Opacity/Rotate/Density/Position/SubType; ComponentTypeLimit for SIGN_SIGNATURE [HANDWRITE,HANDWRITTEN_ESIGN,OCR_ESIGN,ESIGN,SYSTEM_ESIGN,IMG_ESIGN] or SIGN_SEAL [OFFICIAL,CONTRACT,FINANCE,PERSONNEL,OTHER]; PageRanges; Opacity 0.6–1; UseSealSize; IgnoreKeywordError:1; Children/ChildrenComponents for combos). Example: `{"FontColor":"255,0,0","FontSize":12}`. */
    ComponentExtra: z.string().optional(),
    /** Output only: component came from a form field. Example: `false`. */
    IsFormType: z.boolean().optional(),
    /** Value by type: TEXT/MULTI_LINE_TEXT text (\n for newline); CHECK_BOX 'true'/'false'; FILL_IMAGE/ATTACHMENT file id(s) from UploadFiles (comma-separated for attachments, 1–6); SELECTOR option; DYNAMIC_TABLE JSON; DATE 'yyyy年mm月dd日'; SIGN_SEAL / SIGN_PAGING_SEAL seal id. Example: `100元`. */
    ComponentValue: z.string().optional(),
    /** KEYWORD mode x-adjust in pt (negative = left). Example: `10.1`. */
    OffsetX: z.number().optional(),
    /** KEYWORD mode y-adjust in pt (negative = up). Example: `10.1`. */
    OffsetY: z.number().optional(),
    /** `Positive` / `Reverse` ordering for KeywordIndexes. Example: `Positive\Reverse`. */
    KeywordOrder: KeywordOrder.optional(),
    /** Only search this page for the keyword. Example: `1`. */
    KeywordPage: z.int().optional(),
    /** Placement relative to keyword: `Middle`, `Below`, `Right`, `LowerRight`, `UpperRight`. Example: `LowerRight`. */
    RelativeLocation: RelativeLocation.optional(),
    /** 0-based indexes of keyword hits to use, e.g. [0,2]. Example: `[1,2]`. */
    KeywordIndexes: z.array(z.int()).optional(),
    /** Embedded-initiation UI: lock value (default false). Example: `false`. */
    LockComponentValue: z.boolean().optional(),
    /** Embedded-initiation UI: forbid move/delete (default false). Example: `false`. */
    ForbidMoveAndDelete: z.boolean().optional(),
    /** Unused (date font size, default 12). Example: `12`. */
    ComponentDateFontSize: z.int().optional(),
    /** Unused (platform/channel component id). Example: `yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH`. */
    ChannelComponentId: z.string().optional(),
    /** Unused (0 platform, 1 custom). Example: `0`. */
    ChannelComponentSource: z.int().nonnegative().optional(),
  })
  .superRefine((component, ctx) => {
    const mode = component.GenerateMode ?? 'NORMAL';
    const need = (field: keyof typeof component, why: string) => {
      if (component[field] === undefined || component[field] === '')
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required ${why}` });
    };
    if (mode === 'FIELD') need('ComponentName', 'when GenerateMode is FIELD: give the PDF form-field name');
    else if (mode === 'KEYWORD')
      need('ComponentId', 'when GenerateMode is KEYWORD: give the keyword to search for');
    else {
      const why = 'for an absolutely positioned (NORMAL) component';
      // Paging seals run along the page edge, so only their vertical position and size matter (§8).
      const paging =
        component.ComponentType === 'SIGN_PAGING_SEAL' || component.ComponentType === 'SIGN_PAGING_SIGNATURE';
      if (!paging) {
        need('ComponentPage', why);
        need('ComponentPosX', why);
      }
      need('ComponentPosY', why);
      need('ComponentWidth', why);
      need('ComponentHeight', why);
    }
  });
export type Component = z.infer<typeof Component>;

/** ComponentLimit — ess-api.md §7/§8. */
export const ComponentLimit = z.object({
  /** `SIGN_SEAL`, `SIGN_PAGING_SEAL`, `SIGN_LEGAL_PERSON_SEAL`, `SIGN_SIGNATURE`. Example: `SIGN_PAGING_SEAL`. */
  ComponentType: ComponentLimitComponentType,
  /** Seal types (OFFICIAL, CONTRACT, FINANCE, PERSONNEL, OTHER) or concrete seal ids (ids win over types); for SIGN_SIGNATURE: HANDWRITE, HANDWRITTEN_ESIGN, OCR_ESIGN, ESIGN, SYSTEM_ESIGN. Example: `[ "PERSONNEL" ]`. */
  ComponentValue: z.array(z.string()).optional(),
});
export type ComponentLimit = z.infer<typeof ComponentLimit>;

/** FormField — ess-api.md §7: a value for a template component, found by ComponentId or ComponentName. */
export const FormField = z
  .object({
    /** Value (same encoding rules as Component.ComponentValue). Example: `ComponentValue`. */
    ComponentValue: z.string(),
    /** Target component id (either ComponentId or ComponentName). Example: `componentId`. */
    ComponentId: z.string().optional(),
    /** Target component name, ≤30 chars. Example: `ComponentName`. */
    ComponentName: z.string().optional(),
  })
  .refine((field) => Boolean(field.ComponentId || field.ComponentName), {
    message: 'A FormField needs ComponentId or ComponentName to say which template component it fills',
    path: ['ComponentId'],
  });
export type FormField = z.infer<typeof FormField>;
