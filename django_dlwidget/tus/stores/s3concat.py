"""The S3 store's final concatenation: finished objects joined into one multipart upload.

Parts of at least 5 MiB are copied server-side (``UploadPartCopy``, up to 5 GiB a part); smaller
stretches, at the start of a part or after a small source, are streamed through the part spool
until a part is big enough to send. Every part but the last is therefore at least 5 MiB, as
CompleteMultipartUpload requires, whatever the sources' sizes.
"""

from __future__ import annotations

import tempfile
from typing import Any

from .s3parts import MultipartData
from .s3state import BLOCK, MAX_PART, MIN_PART


def concatenate(sources: list[str], target: MultipartData) -> int:
    """Copy the objects ``sources`` (keys), in order, into ``target``; seal it; return its size."""
    dest = target.target
    client, bucket = dest.client, dest.bucket
    state = target.state
    upload_id = state.upload_id
    state.parts.clear()
    total = 0

    def send(size: int, **body: Any) -> None:
        number = len(state.parts) + 1
        common = {"Bucket": bucket, "Key": dest.key, "UploadId": upload_id, "PartNumber": number}
        if "CopySource" in body:
            response = client.upload_part_copy(**common, **body)["CopyPartResult"]
        else:
            response = client.upload_part(**common, **body, **state.part_args())
        state.record(number, size, response)

    with tempfile.TemporaryFile(prefix="dlwidget-part-") as spool:
        filled = 0
        for key in sources:
            size = int(client.head_object(Bucket=bucket, Key=key)["ContentLength"])
            position = 0
            while position < size:
                remaining = size - position
                if filled == 0 and remaining >= MIN_PART:
                    take = min(remaining, MAX_PART)
                    span = f"bytes={position}-{position + take - 1}"
                    send(take, CopySource={"Bucket": bucket, "Key": key}, CopySourceRange=span)
                else:
                    take = min(remaining, dest.part_size - filled)
                    span = f"bytes={position}-{position + take - 1}"
                    body = client.get_object(Bucket=bucket, Key=key, Range=span)["Body"]
                    for block in body.iter_chunks(BLOCK):
                        spool.write(block)
                    body.close()
                    filled += take
                    if filled >= dest.part_size:
                        spool.seek(0)
                        send(filled, Body=spool, ContentLength=filled)
                        spool.seek(0)
                        spool.truncate()
                        filled = 0
                position += take
                total += take
        if filled:
            spool.seek(0)
            send(filled, Body=spool, ContentLength=filled)
    if not state.parts:
        client.abort_multipart_upload(Bucket=bucket, Key=dest.key, UploadId=upload_id)
        client.put_object(Bucket=bucket, Key=dest.key, Body=b"")
    else:
        client.complete_multipart_upload(
            Bucket=bucket,
            Key=dest.key,
            UploadId=upload_id,
            MultipartUpload=state.completion(len(state.parts)),
        )
    target.sealed, target.sealed_size = True, total
    return total
