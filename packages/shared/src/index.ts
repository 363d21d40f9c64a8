export const ESS_VERSION = '2020-11-11' as const;
