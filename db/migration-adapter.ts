import { PrismaPg } from "@prisma/adapter-pg";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import pg from "pg";

/**
 * @prisma/adapter-pg runs a migration script by splitting it on every ";" — which breaks any
 * function body (`$$ … ; … $$`) and applies a migration one statement at a time. This factory sends
 * each migration as one simple-protocol query instead: PostgreSQL parses it properly and runs the
 * whole file as one implicit transaction, so a failed migration leaves nothing half-applied.
 */
export function migrationAdapter(connectionString: string) {
  const factory = new PrismaPg({ connectionString });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(script);
      } catch (error) {
        const e = error as pg.DatabaseError;
        throw new DriverAdapterError({
          kind: "postgres",
          code: e.code ?? "N/A",
          severity: e.severity ?? "N/A",
          message: e.message,
          detail: e.detail,
          column: e.column,
          hint: e.hint,
        });
      } finally {
        await client.end();
      }
    };
    return adapter;
  };
  return factory;
}
