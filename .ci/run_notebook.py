"""Executes a Deno notebook headless and writes the executed copy (used by `deno task test`).

Why not plain `nbconvert --execute`: with the Deno kernel, nbclient sometimes loses outputs. Messages of the
first cell can be published before the iopub subscription is live, and display messages can arrive after the
cell's `status: idle`, where nbclient has stopped listening (seen here in about one run in three). This runner
warms the kernel up with a no-op request first, then, for each cell, collects iopub messages by their parent
id until both the reply and idle have arrived and the channel has been quiet for a grace period.

The executed copy starts with a markdown cell saying what it is and how to trust it elsewhere, and is
signed with nbformat's notary in this user's Jupyter data folder (what `jupyter trust` does), so the
classic Notebook opens it trusted on this machine and runs its charts' scripts.

Usage: /usr/bin/python3 .ci/run_notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS]
Exit status 1 when a cell raises (its error is printed), 0 otherwise.
"""
import queue
import sys
import time

import nbformat
from jupyter_client.manager import start_new_kernel
from nbformat.sign import NotebookNotary

GRACE_SECONDS = 0.75


def output_from_message(msg):
    kind = msg["msg_type"]
    content = msg["content"]
    if kind == "stream":
        return nbformat.v4.new_output("stream", name=content["name"], text=content["text"])
    if kind in ("display_data", "execute_result"):
        output = nbformat.v4.new_output(kind, data=content.get("data", {}), metadata=content.get("metadata", {}))
        if kind == "execute_result":
            output["execution_count"] = content.get("execution_count")
        return output
    if kind == "error":
        return nbformat.v4.new_output(
            "error", ename=content.get("ename", ""), evalue=content.get("evalue", ""), traceback=content.get("traceback", [])
        )
    return None


def run_request(client, code, timeout):
    """Sends one execute request; returns (reply content, outputs in arrival order)."""
    msg_id = client.execute(code, store_history=True, allow_stdin=False)
    outputs = []
    reply = None
    idle = False
    deadline = time.monotonic() + timeout
    last_message = time.monotonic()
    while True:
        now = time.monotonic()
        if now > deadline:
            raise TimeoutError(f"cell did not finish within {timeout} s")
        if reply is not None and idle and now - last_message > GRACE_SECONDS:
            return reply, outputs
        try:
            msg = client.get_iopub_msg(timeout=0.05)
            if msg["parent_header"].get("msg_id") == msg_id:
                last_message = time.monotonic()
                if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                    idle = True
                elif msg["msg_type"] == "clear_output":
                    outputs.clear()
                else:
                    output = output_from_message(msg)
                    if output is not None:
                        outputs.append(output)
        except queue.Empty:
            pass
        if reply is None:
            try:
                shell = client.get_shell_msg(timeout=0.01)
                if shell["parent_header"].get("msg_id") == msg_id:
                    reply = shell["content"]
                    last_message = time.monotonic()
            except queue.Empty:
                pass


def executed_copy_note(source):
    """The markdown cell at the top of an executed copy."""
    return nbformat.v4.new_markdown_cell(
        f"**Executed copy** of `{source}`, written by `deno task test` (`.ci/run_notebook.py`); edit and run "
        "the source notebook, not this copy.\n\n"
        "It is signed for this machine's Jupyter, so its charts show when it is opened here. Opened on another "
        "machine it is *Not Trusted* and its charts stay blank: read it, then trust it with "
        "`jupyter trust <this file>` (or File → Trust Notebook in the classic Notebook). Its charts load "
        "plotly.js from the repository's `node_modules/`: open it from a Jupyter server started in the "
        "repository (or a folder above it).",
        metadata={"ade": {"executed_copy_of": source}},
    )


def write_signed(notebook, target):
    """Writes the notebook and signs what was written; returns whether the notary now trusts it."""
    nbformat.write(notebook, target)
    written = nbformat.read(target, as_version=4)
    notary = NotebookNotary()
    notary.sign(written)
    return notary.check_signature(written)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]
    timeout = float(argv[argv.index("--timeout") + 1]) if "--timeout" in argv else 900.0
    notebook = nbformat.read(source, as_version=4)
    kernel_name = notebook.metadata.get("kernelspec", {}).get("name", "deno")
    import os

    cwd = os.path.dirname(os.path.abspath(source))
    manager, client = start_new_kernel(kernel_name=kernel_name, cwd=cwd)
    failed = False
    try:
        # Warm-up: a no-op whose outputs nobody needs, so that the subscription is live for the real cells.
        run_request(client, "0", 120)
        count = 0
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            started = time.monotonic()
            reply, outputs = run_request(client, cell.source, timeout)
            cell.outputs = outputs
            cell.execution_count = count
            seconds = time.monotonic() - started
            print(f"  cell {index}: {reply.get('status')} ({seconds:.1f} s, {len(outputs)} outputs)", file=sys.stderr)
            if reply.get("status") != "ok":
                failed = True
                ename = reply.get("ename", "")
                evalue = reply.get("evalue", "")
                print(f"cell {index} raised {ename}: {evalue}", file=sys.stderr)
                for line in reply.get("traceback", []):
                    print(line, file=sys.stderr)
                break
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    notebook.cells.insert(0, executed_copy_note(source))
    if not write_signed(notebook, target):
        print(f"{target}: written but its signature does not check", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
