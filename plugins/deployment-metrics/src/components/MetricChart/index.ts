export { MetricChart, SERIES } from './MetricChart';
