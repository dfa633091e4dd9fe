import { Initial1795240707778 } from './1795240707778-Initial';

// Migrations in the order they apply. New ones come from `npm run migration:generate -- <Name>`.
export const MIGRATIONS = [Initial1795240707778];
