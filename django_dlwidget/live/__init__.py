"""Getting changes to browsers: the one publish path, per-user versions, channel groups, the event
loops worker threads publish on, and the WebSocket consumer."""
