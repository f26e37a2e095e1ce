export { WhoOwnsPage } from './WhoOwnsPage';
