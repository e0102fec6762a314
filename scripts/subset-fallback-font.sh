#!/usr/bin/env bash
# Makes the two DejaVu faces the PDF embeds (Debian's fonts-dejavu-core, Bitstream Vera /
# DejaVu licence in fonts/dejavu/LICENSE). The committed files are what the build uses; this
# script says how they were made (pip install fonttools; apt-get install fonts-dejavu-core).
#
# fonts/dejavu/DejaVuSans-Fallback.ttf, the fallback face: DejaVu Sans cut down to the
# scripts and symbols the body face (Titillium Web) lacks: Greek, Cyrillic, Latin Extended
# Additional (Vietnamese), combining marks, letterlike symbols, arrows, mathematical
# operators, technical and geometric shapes, miscellaneous symbols, dingbats and the Latin
# ligatures.
#
# fonts/dejavu/DejaVuSansMono-Subset.ttf, the face of code (inline code and code blocks):
# DejaVu Sans Mono cut down to Latin, punctuation and the euro sign; anything else in code is
# drawn by the text face or the fallback face.
set -euo pipefail
dir=$(dirname "$0")/../fonts/dejavu

# subset SOURCE UNICODES OUTPUT
subset() {
  pyftsubset "$1" --unicodes="$2" \
    --layout-features='' --no-hinting --desubroutinize \
    --name-IDs='0,1,2,3,4,5,6' --name-legacy --drop-tables+=DSIG,GSUB,GPOS,kern \
    --output-file="$3"
}

subset "${1:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}" \
  "U+0020-007E,U+00A0-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+FB00-FB06,U+FFFD" \
  "$dir/DejaVuSans-Fallback.ttf"
subset "${2:-/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf}" \
  "U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2190-2193,U+FFFD" \
  "$dir/DejaVuSansMono-Subset.ttf"
