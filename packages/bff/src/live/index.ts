export const createLive = async (_deps: unknown): Promise<{ close(): Promise<void> }> => ({
  close: async () => {},
}); // placeholder: owned by the store/live engineer
