#!/usr/bin/env bash
# Makes fonts/dejavu/DejaVuSans-Fallback.ttf, the PDF's fallback face: DejaVu Sans (Debian's
# fonts-dejavu-core, Bitstream Vera / DejaVu licence in fonts/dejavu/LICENSE) cut down to
# the scripts and symbols the body face (Titillium Web) lacks: Greek, Cyrillic, Latin
# Extended Additional (Vietnamese), combining marks, letterlike symbols, arrows, mathematical operators,
# technical and geometric shapes, miscellaneous symbols, dingbats and the Latin ligatures.
# The committed file is what the build uses; this script says how it was made
# (pip install fonttools; apt-get install fonts-dejavu-core).
set -euo pipefail
src=${1:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
out=$(dirname "$0")/../fonts/dejavu/DejaVuSans-Fallback.ttf
pyftsubset "$src" \
  --unicodes="U+0020-007E,U+00A0-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+FB00-FB06,U+FFFD" \
  --layout-features='' --no-hinting --desubroutinize \
  --name-IDs='0,1,2,3,4,5,6' --name-legacy --drop-tables+=DSIG,GSUB,GPOS,kern \
  --output-file="$out"
