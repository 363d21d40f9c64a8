// The integration guide's rules as pure functions (filled in by the rules work).
export {};
