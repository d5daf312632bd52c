#!/bin/sh
# Regenerates the golden fixtures with encoders independent of our code: Debian's protoc and
# openssl. Run from this directory: sh make-golden.sh
set -eu
proto=../../../main/proto
secret='golden-secret'
protoc -I "$proto" --encode=logmessage.LogMessage logmessage/log_message.proto \
  < log_message.txt > log_message.bin
# Envelope signed with kloggregator's HMAC-SHA256 over the LogMessage bytes, legacy field empty.
hmac=$(openssl dgst -sha256 -mac HMAC -macopt "key:$secret" -binary log_message.bin | od -An -tx1 | tr -d ' \n')
octal=$(printf '%s' "$hmac" | sed 's/../\\x&/g')
{
  echo 'routing_key: "6f0c2a1e-7c3b-4a1d-9a55-0e4c1b2d3f40"'
  echo 'signature: ""'
  echo 'log_message {'; cat log_message.txt; echo '}'
  echo "message_hmac: \"$octal\""
} > envelope_hmac.txt
protoc -I "$proto" --encode=logmessage.LogEnvelope logmessage/log_message.proto \
  < envelope_hmac.txt > envelope_hmac.bin
# The original's signature: AES-128-CBC(key = SHA-256(secret)[0:16], fixed IV) of
# SHA-256(message text) padded with 0x80 and zeros to 48 bytes, IV prepended.
key=$(printf '%s' "$secret" | openssl dgst -sha256 -binary | od -An -tx1 | tr -d ' \n' | cut -c1-32)
iv=000102030405060708090a0b0c0d0e0f
printf 'Express server started on :8080 \303\251' | openssl dgst -sha256 -binary > digest.tmp
printf '\200\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' >> digest.tmp
{ printf '%s' "$iv" | xxd -r -p; openssl enc -aes-128-cbc -K "$key" -iv "$iv" -nopad -in digest.tmp; } > legacy_signature.bin
rm digest.tmp
