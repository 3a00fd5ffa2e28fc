#!/bin/sh
# Starts the app under test with its app-data folder in "$1" (a demo desk of the journey's own:
# the demo always lives in the app-data folder), passing on the rest of the arguments.
XDG_DATA_HOME="$1"
export XDG_DATA_HOME
shift
exec "$HELPDESK_APP" "$@"
