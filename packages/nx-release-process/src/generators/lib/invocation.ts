/** How the user ran a generator, for the hints to repeat: through Nx, or the CLI's own command (it says so). */
export function invocation(schema: { invokedAs?: string }, generator: string): string {
  return schema.invokedAs ?? `nx g nx-release-process:${generator}`;
}
