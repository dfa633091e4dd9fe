import { Initial1795242089172 } from './1795242089172-Initial';

// Migrations in the order they apply. New ones come from `npm run migration:generate -- <Name>`.
export const MIGRATIONS = [Initial1795242089172];
