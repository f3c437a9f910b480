#!/bin/sh
# Adds Follow-up Desk to your applications menu, for you only (no administrator rights needed).
# It stays in this folder: move the folder first if you want it elsewhere, then run this again.
# Remove it from the menu with:  sh install-desktop-entry.sh --remove
set -eu
id=io.github.followupdesk.FollowUpDesk
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data/applications/$id.desktop"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$entry" "$data/metainfo/$id.metainfo.xml"
    find "$data/icons/hicolor" -name "$id.*" -exec rm -f {} + 2>/dev/null || true
    echo "Removed Follow-up Desk from the applications menu."
    exit 0
fi

mkdir -p "$data/applications" "$data/metainfo" "$data/icons"
cp -R "$here/share/icons/hicolor" "$data/icons/"
cp "$here/share/metainfo/$id.metainfo.xml" "$data/metainfo/"
# The desktop entry starts the program in this folder (a quoted path: it may hold spaces).
sed "s|^Exec=.*|Exec=\"$here/followup-desktop\"|" "$here/share/applications/$id.desktop" \
    > "$entry.tmp"
mv "$entry.tmp" "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Follow-up Desk is in your applications menu (it may take a moment to appear)."
