export {
  SizingScale,
  SizingScaleLegend,
  describeScale,
  RESOURCE_LABELS,
} from './SizingScale';
export type { ScaleValues } from './SizingScale';
