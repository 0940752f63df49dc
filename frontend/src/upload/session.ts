// One connected `<dlw-upload>`'s working parts, built when it connects and disposed (through
// `subscriptions`) when it is removed: configuration, platform, DOM, list, submit gate, connection
// watch and the resumable notice.
import { Subscriptions } from "../shared/subscriptions.js";
import { readConfig, type UploadConfig } from "./config.js";
import { Connection } from "./connection.js";
import { UploadList } from "./list.js";
import { UploadMount } from "./mount.js";
import type { UploadPlatform } from "./platform.js";
import { ResumableNotice } from "./resumable.js";
import { SubmitGate } from "./submit-gate.js";
import { openOnEnter } from "./zone.js";

export interface Session {
  config: UploadConfig;
  platform: UploadPlatform;
  mount: UploadMount;
  list: UploadList;
  subscriptions: Subscriptions;
  gate: SubmitGate | null;
  connection: Connection;
  resumable: ResumableNotice;
}

export function createSession(
  element: HTMLElement,
  input: HTMLInputElement,
  platform: UploadPlatform,
): Session {
  const config = readConfig(element);
  const mount = new UploadMount(element, input, config);
  const urls = config.thumbnails ? platform.objectUrls : null;
  const list = new UploadList(mount.list, { ...config, urls, now: platform.now });
  const subscriptions = new Subscriptions();
  subscriptions.add(() => mount.remove());
  subscriptions.add(() => list.dispose());
  openOnEnter(input, subscriptions);
  const form = element.closest("form");
  const gate = form
    ? new SubmitGate(form, subscriptions, {
        items: () => list.items,
        strings: config.strings,
        notify: (message) => mount.notify(message, "form"),
        focus: () => input.focus(),
      })
    : null;
  const connection = new Connection(
    platform,
    subscriptions,
    () => list.items,
    (item) => list.view(item)?.progress(),
  );
  const resumable = new ResumableNotice(mount, config.strings);
  return { config, platform, mount, list, subscriptions, gate, connection, resumable };
}
