// The row actions menu: placed by its button, kept open (and moved) by a
// scroll while the button is on screen — including the scroll event of the
// browser bringing the clicked button into view, which arrives after the
// menu opened — and closed once the button is off screen.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import RowMenu from "./RowMenu.svelte";

function anchorAt(top: number): HTMLButtonElement {
  const anchor = document.createElement("button");
  document.body.append(anchor);
  let y = top;
  anchor.getBoundingClientRect = () => ({ top: y, bottom: y + 26, left: 900, right: 926, width: 26, height: 26, x: 900, y, toJSON: () => ({}) });
  Object.assign(anchor, { moveTo: (next: number) => (y = next) });
  return anchor;
}

function open(anchor: HTMLElement) {
  const onchoose = vi.fn();
  const onclose = vi.fn();
  // `anchor` is also a mount option: the props go under `props`.
  render(RowMenu, {
    props: {
      anchor,
      label: "Actions for Tomás",
      testid: "menu",
      items: [
        { id: "edit", label: "Edit", testid: "item-edit" },
        { id: "remove", label: "Remove", testid: "item-remove", danger: true },
      ],
      onchoose,
      onclose,
    },
  });
  return { onchoose, onclose, menu: screen.getByTestId("menu") };
}

describe("RowMenu", () => {
  it("opens under its button with focus on the first item, and arrow keys move", async () => {
    const { menu, onchoose } = open(anchorAt(700));
    expect(menu.style.top).toBe("730px");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("item-edit")));
    await fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByTestId("item-remove"));
    await fireEvent.keyDown(menu, { key: "Home" });
    expect(document.activeElement).toBe(screen.getByTestId("item-edit"));
    await fireEvent.click(screen.getByTestId("item-remove"));
    expect(onchoose).toHaveBeenCalledWith("remove");
  });

  it("opens above its button when there is no room below", async () => {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetHeight")!;
    Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 120 });
    try {
      const { menu } = open(anchorAt(window.innerHeight - 40));
      await waitFor(() => expect(menu.style.top).toBe(`${window.innerHeight - 40 - 4 - 120}px`));
    } finally {
      Object.defineProperty(HTMLElement.prototype, "offsetHeight", original);
    }
  });

  it("stays open and follows its button when the page scrolls it into view", async () => {
    const anchor = anchorAt(700) as HTMLButtonElement & { moveTo: (y: number) => void };
    const { menu, onclose } = open(anchor);
    anchor.moveTo(400);
    await fireEvent.scroll(document);
    expect(onclose).not.toHaveBeenCalled();
    expect(menu.style.top).toBe("430px");
  });

  it("closes once its button scrolls off screen, on Escape (focus back) and on a click elsewhere", async () => {
    const anchor = anchorAt(700) as HTMLButtonElement & { moveTo: (y: number) => void };
    const { onclose } = open(anchor);
    anchor.moveTo(-100);
    await fireEvent.scroll(document);
    expect(onclose).toHaveBeenLastCalledWith(false);
    await fireEvent.keyDown(screen.getByTestId("menu"), { key: "Escape" });
    expect(onclose).toHaveBeenLastCalledWith(true);
    onclose.mockClear();
    await fireEvent.pointerDown(anchor);
    expect(onclose).not.toHaveBeenCalled();
    await fireEvent.pointerDown(document.body);
    expect(onclose).toHaveBeenCalledWith(false);
  });
});
