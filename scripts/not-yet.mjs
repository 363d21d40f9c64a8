// Placeholder for root scripts whose package is not built yet: says so and fails.
const name = process.argv[2] ?? 'this script';
console.error(`ess-kit: "${name}" is not available yet.`);
process.exit(1);
