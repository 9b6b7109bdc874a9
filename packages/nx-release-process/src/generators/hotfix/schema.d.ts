export interface HotfixGeneratorSchema {
  tag: string;
  commits?: string[];
  description?: string;
  continue?: boolean;
  abort?: boolean;
}
