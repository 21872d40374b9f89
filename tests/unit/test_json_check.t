#!/bin/sh
# runs the cmocka binary built by make, reporting in TAP
CMOCKA_MESSAGE_OUTPUT=TAP exec "${UNIT_DIR:-$(dirname "$0")/../../build/tests}/test_json_check"
