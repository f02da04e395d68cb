"""Vietnamese text: normalisation, accent folding, legacy encodings, spelling, sentences, time expressions."""
