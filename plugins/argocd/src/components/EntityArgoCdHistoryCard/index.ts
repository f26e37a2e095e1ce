export { EntityArgoCdHistoryCard } from './EntityArgoCdHistoryCard';
