// The window's one zustand store, composed of per-feature slices (zustand's slices pattern).
import { create, type StateCreator } from 'zustand';
import { createActivitySlice, type ActivitySlice } from '../features/activity/slice.js';
import { createDockSlice, type DockSlice } from '../features/dock/slice.js';
import { createEngineSlice, type EngineSlice } from '../features/engine/slice.js';
import { createEnginesSlice, type EnginesSlice } from '../features/engines/slice.js';
import { createSettingsSlice, type SettingsSlice } from '../features/settings/slice.js';
import { createVmSlice, type VmSlice } from '../features/vm/slice.js';
import { createResourcesSlice, type ResourcesSlice } from './resources.js';
import { createUiSlice, type UiSlice } from '../features/frame/uiSlice.js';

export type State = EngineSlice & EnginesSlice & ResourcesSlice & UiSlice & ActivitySlice & VmSlice & SettingsSlice & DockSlice;
export type Slice<T> = StateCreator<State, [], [], T>;

export const createState: StateCreator<State> = (...a) => ({
  ...createEngineSlice(...a),
  ...createEnginesSlice(...a),
  ...createResourcesSlice(...a),
  ...createUiSlice(...a),
  ...createActivitySlice(...a),
  ...createVmSlice(...a),
  ...createSettingsSlice(...a),
  ...createDockSlice(...a),
});

export const useStore = create<State>()(createState);

/** A fresh store for tests. */
export const createTestStore = () => create<State>()(createState);
export type Store = typeof useStore;
