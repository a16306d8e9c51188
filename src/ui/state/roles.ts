// Column roles the user corrected in the pane ("Vai trò"), stored by the
// backend per sheet and column letter. The engine reads them on every check.
import * as React from 'react';
import type { PaneBackend, RoleOverrides } from '../../backend/contract';

export interface RolesState {
  overrides: RoleOverrides;
  /** Reads the stored choices again (another file was opened). */
  load(): Promise<void>;
  /** Stores one choice, merged with what is stored; false when it could not be saved (the error is reported). */
  change(sheet: string, column: string, role: string): Promise<boolean>;
}

export function useRoleOverrides(backend: PaneBackend, mounted: React.MutableRefObject<boolean>, setError: (e: unknown) => void): RolesState {
  const [overrides, setOverrides] = React.useState<RoleOverrides>({});

  const load = React.useCallback(async () => {
    try {
      const o = await backend.loadRoleOverrides();
      if (mounted.current) setOverrides(o);
    } catch {
      // Without stored choices the engine's own roles apply; nothing to tell the user.
    }
  }, [backend, mounted]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const change = React.useCallback(
    async (sheet: string, column: string, role: string) => {
      setOverrides((prev) => ({ ...prev, [sheet]: { ...prev[sheet], [column]: role } }));
      try {
        // Merge with what is stored, not only with what this pane has seen.
        const stored = await backend.loadRoleOverrides();
        const next: RoleOverrides = { ...stored, [sheet]: { ...stored[sheet], [column]: role } };
        await backend.saveRoleOverrides(next);
        if (mounted.current) setOverrides(next);
        return true;
      } catch (e) {
        if (mounted.current) setError(e);
        return false;
      }
    },
    [backend, mounted, setError],
  );

  return { overrides, load, change };
}
