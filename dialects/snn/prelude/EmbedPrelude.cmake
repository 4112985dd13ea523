# Writes the prelude as a C++ string constant. The text is split into chunks
# because compilers cap the length of one string literal.
file(READ ${IN} text)
string(LENGTH "${text}" len)
set(out "// Generated from dialects/snn/prelude/prelude.mlir; do not edit.\n")
string(APPEND out "static const char kPreludeSource[] =\n")
set(pos 0)
while(pos LESS len)
  string(SUBSTRING "${text}" ${pos} 4000 chunk)
  string(APPEND out "R\"snnprelude(${chunk})snnprelude\"\n")
  math(EXPR pos "${pos} + 4000")
endwhile()
string(APPEND out ";\n")
file(WRITE ${OUT} "${out}")
