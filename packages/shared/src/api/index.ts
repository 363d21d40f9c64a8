// Zod schemas and types for the ESS actions ess-kit uses (filled in by the api work).
export {};
