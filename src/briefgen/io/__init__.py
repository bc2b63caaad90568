"""Writing outputs: atomic files, the manifest, edit protection."""
