import { Initial1795237622889 } from './1795237622889-Initial';

// Migrations in the order they apply. New ones come from `npm run migration:generate -- <Name>`.
export const MIGRATIONS = [Initial1795237622889];
