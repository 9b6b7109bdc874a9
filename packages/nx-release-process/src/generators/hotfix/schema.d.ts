export interface HotfixGeneratorSchema {
  tag: string;
  commits?: string[];
  description?: string;
  continue?: boolean;
  /** How the user ran it (the CLI passes `release-process hotfix`): hints repeat it. */
  invokedAs?: string;
  abort?: boolean;
}
