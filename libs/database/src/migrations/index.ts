import { Initial1795238184436 } from './1795238184436-Initial';

// Migrations in the order they apply. New ones come from `npm run migration:generate -- <Name>`.
export const MIGRATIONS = [Initial1795238184436];
