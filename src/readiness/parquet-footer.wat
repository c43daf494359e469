;; The Thrift decoder of a Parquet footer (FileMetaData, compact protocol), as WebAssembly.
;; parquet-footer.ts places the footer's bytes at offset 0 of the memory and calls `decode`;
;; the decoder walks every byte of it and writes, after it, fixed-size records of only the
;; fields the checks use; every other field is skipped without being built. In JavaScript the
;; same walk costs 10-15 ms of CPU on the 155 KB footer of the 10M-row benchmark file in a
;; fresh process (interpreted, then compiled by the JIT on another thread); compiled from this
;; file, about 1 ms from the first call: 0.4 ms to compile the module, 0.8 ms to walk that footer
;; (docs/readiness.md).
;;
;; Built by scripts/build-wasm.mjs (wabt's wat2wasm, an npm devDependency) into
;; dist/wasm/parquet-footer.wasm on `npm ci` (prepare), `npm run build:wasm` and `npm test`.
;;
;; Sources: Apache Thrift, compact protocol (doc/specs/thrift-compact-protocol.md): field
;; headers (delta and type in one byte, or the type then a zigzag i16 id), ULEB128 varints,
;; zigzag integers, list/set headers (size and element type in one byte, or 0xF_ then the
;; size), maps, booleans in the field header's type. Apache Parquet, parquet.thrift:
;; FileMetaData (2 schema, 3 num_rows, 4 row_groups), SchemaElement (1 type, 4 name,
;; 5 num_children, 6 converted_type, 10 logicalType), LogicalType (8 TIMESTAMP), TimestampType
;; (1 isAdjustedToUTC, 2 unit), RowGroup (1 columns, 3 num_rows), ColumnChunk (3 meta_data),
;; ColumnMetaData (3 path_in_schema, 12 statistics), Statistics (3 null_count, 5 max_value,
;; 6 min_value, 7 is_max_value_exact, 8 is_min_value_exact).
;;
;; Records (offsets in bytes; -1 = not stated; counts are f64, exact: beyond 2^53 is refused):
;;   header (48):  f64 num_rows (NaN: none) | i32 schema | i32 schema count | i32 row groups | i32 row group count |
;;                 24 bytes where `column` writes its answer
;;   schema element (32): i32 physical type | name offset | name length | num_children |
;;                        converted type | logical type (union member) | timestamp unit (member) | isAdjustedToUTC (0/1)
;;   row group (16): f64 num_rows | i32 chunks | i32 chunk count
;;   column chunk (48): f64 null_count (NaN: none) | i32 first path element offset | its length |
;;                      path element count | min offset | min length | max offset | max length |
;;                      min exact (0/1) | max exact (0/1) | offset of the path list's elements
;; `column` then combines one column's statistics over the row groups (parquet-footer-statistics.ts).
;; Errors trap after setting `error` to: 1 the footer ends in the middle of a value, 2 a
;; malformed number, 3 a count beyond 2^53, 4 an unknown Thrift type, 5 a list or size larger
;; than the footer, 6 values nested too deep, 7 out of memory, 8 a field of the wrong type,
;; 9 a row group states no row count.
(module
  (import "env" "memory" (memory 1))
  (global $pos (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))
  (global $bump (mut i32) (i32.const 0))
  (global $err (mut i32) (i32.const 0))
  (global $len (mut i32) (i32.const 0))
  (global $etype (mut i32) (i32.const 0))
  (global $ftype (mut i32) (i32.const 0))

  (func $fail (param $code i32)
    (global.set $err (local.get $code))
    unreachable)

  (func $byte (result i32)
    (local $p i32)
    (local.set $p (global.get $pos))
    (if (i32.ge_u (local.get $p) (global.get $end)) (then (call $fail (i32.const 1))))
    (global.set $pos (i32.add (local.get $p) (i32.const 1)))
    (i32.load8_u (local.get $p)))

  ;; Moves past n bytes that must be inside the footer.
  (func $advance (param $n i32)
    (if (i32.gt_u (local.get $n) (i32.sub (global.get $end) (global.get $pos))) (then (call $fail (i32.const 1))))
    (global.set $pos (i32.add (global.get $pos) (local.get $n))))

  ;; An unsigned LEB128 varint of at most 10 bytes.
  (func $varint (result i64)
    (local $result i64) (local $shift i64) (local $b i32)
    (loop $more
      (local.set $b (call $byte))
      (local.set $result
        (i64.or (local.get $result)
          (i64.shl (i64.extend_i32_u (i32.and (local.get $b) (i32.const 0x7f))) (local.get $shift))))
      (if (i32.and (local.get $b) (i32.const 0x80))
        (then
          (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
          (if (i64.ge_u (local.get $shift) (i64.const 70)) (then (call $fail (i32.const 2))))
          (br $more))))
    (local.get $result))

  ;; Moves past a varint without computing it (most of a footer is numbers no check uses).
  (func $skip_varint
    (local $p i32) (local $stop i32)
    (local.set $p (global.get $pos))
    (local.set $stop (i32.add (local.get $p) (i32.const 10)))
    (loop $more
      (if (i32.ge_u (local.get $p) (global.get $end)) (then (call $fail (i32.const 1))))
      (if (i32.ge_u (local.get $p) (local.get $stop)) (then (call $fail (i32.const 2))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $more (i32.and (i32.load8_u (i32.sub (local.get $p) (i32.const 1))) (i32.const 0x80))))
    (global.set $pos (local.get $p)))

  ;; A length or a size: a varint of at most 31 bits.
  (func $size (result i32)
    (local $v i64)
    (local.set $v (call $varint))
    (if (i64.gt_u (local.get $v) (i64.const 0x7fffffff)) (then (call $fail (i32.const 5))))
    (i32.wrap_i64 (local.get $v)))

  ;; A zigzag i16/i32.
  (func $int (result i32)
    (local $v i32)
    (local.set $v (i32.wrap_i64 (call $varint)))
    (i32.xor (i32.shr_u (local.get $v) (i32.const 1)) (i32.sub (i32.const 0) (i32.and (local.get $v) (i32.const 1)))))

  ;; A zigzag i64 count as an exact f64: beyond 2^53 either way it is refused, not rounded.
  (func $count (result f64)
    (local $u i64) (local $v i64)
    (local.set $u (call $varint))
    (local.set $v (i64.xor (i64.shr_u (local.get $u) (i64.const 1)) (i64.sub (i64.const 0) (i64.and (local.get $u) (i64.const 1)))))
    (if (i64.gt_u (i64.add (local.get $v) (i64.const 0x20000000000000)) (i64.const 0x40000000000000)) (then (call $fail (i32.const 3))))
    (f64.convert_i64_s (local.get $v)))

  ;; A binary value: its offset, its length in $len.
  (func $binary (result i32)
    (local $n i32) (local $p i32)
    (local.set $n (call $size))
    (local.set $p (global.get $pos))
    (call $advance (local.get $n))
    (global.set $len (local.get $n))
    (local.get $p))

  ;; A list or set header: its size, its element type in $etype.
  (func $list (result i32)
    (local $h i32) (local $n i32)
    (local.set $h (call $byte))
    (local.set $n (i32.shr_u (local.get $h) (i32.const 4)))
    (if (i32.eq (local.get $n) (i32.const 15)) (then (local.set $n (call $size))))
    ;; Every element takes at least a byte.
    (if (i32.gt_u (local.get $n) (i32.sub (global.get $end) (global.get $pos))) (then (call $fail (i32.const 5))))
    (global.set $etype (i32.and (local.get $h) (i32.const 15)))
    (local.get $n))

  ;; A list of structs: its size (any other element type is not Parquet's).
  (func $struct_list (result i32)
    (local $n i32)
    (local.set $n (call $list))
    (if (i32.ne (global.get $etype) (i32.const 12)) (then (call $fail (i32.const 8))))
    (local.get $n))

  ;; The next field of a struct that is wanted (its id below 32 and its bit set in `mask`), every
  ;; other skipped on the way (numbers here, without a call: most of a footer is numbers no
  ;; check uses): its id (counted from the previous field's, `last`), its type in $ftype;
  ;; 0 at the struct's stop byte (the byte read, $ftype 0).
  (func $next_wanted (param $last i32) (param $mask i32) (param $depth i32) (result i32)
    (local $p i32) (local $h i32) (local $t i32) (local $id i32) (local $stop i32)
    (local.set $id (local.get $last))
    (loop $field
      (local.set $p (global.get $pos))
      (if (i32.ge_u (local.get $p) (global.get $end)) (then (call $fail (i32.const 1))))
      (local.set $h (i32.load8_u (local.get $p)))
      (global.set $pos (i32.add (local.get $p) (i32.const 1)))
      (local.set $t (i32.and (local.get $h) (i32.const 15)))
      (global.set $ftype (local.get $t))
      (if (i32.eqz (local.get $h)) (then (return (i32.const 0))))
      (if (i32.eqz (local.get $t)) (then (call $fail (i32.const 4))))
      (if (i32.shr_u (local.get $h) (i32.const 4))
        (then (local.set $id (i32.add (local.get $id) (i32.shr_u (local.get $h) (i32.const 4)))))
        (else (local.set $id (call $int))))
      (if (i32.and (i32.lt_u (local.get $id) (i32.const 32)) (i32.and (i32.shr_u (local.get $mask) (local.get $id)) (i32.const 1)))
        (then (return (local.get $id))))
      ;; An i16, i32 or i64: a varint of at most 10 bytes.
      (if (i32.and (i32.ge_u (local.get $t) (i32.const 4)) (i32.le_u (local.get $t) (i32.const 6)))
        (then
          (local.set $p (global.get $pos))
          (local.set $stop (i32.add (local.get $p) (i32.const 10)))
          (loop $more
            (if (i32.ge_u (local.get $p) (global.get $end)) (then (call $fail (i32.const 1))))
            (if (i32.ge_u (local.get $p) (local.get $stop)) (then (call $fail (i32.const 2))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $more (i32.and (i32.load8_u (i32.sub (local.get $p) (i32.const 1))) (i32.const 0x80))))
          (global.set $pos (local.get $p))
          (br $field)))
      ;; A boolean is in the header; anything else is skipped by its type.
      (if (i32.gt_u (local.get $t) (i32.const 2)) (then (call $skip (local.get $t) (local.get $depth))))
      (br $field))
    unreachable)

  ;; Skips a value of a type: a struct field's (a boolean is in its header, no byte).
  (func $skip (param $type i32) (param $depth i32)
    (local $n i32) (local $e i32) (local $kv i32)
    (if (i32.gt_u (local.get $depth) (i32.const 64)) (then (call $fail (i32.const 6))))
    (block $bad
      (block $struct
        (block $map
          (block $list
            (block $binary
              (block $double
                (block $varint
                  (block $byte
                    (block $bool
                      (br_table $bad $bool $bool $byte $varint $varint $varint $double $binary $list $list $map $struct $bad
                        (local.get $type)))
                    (return))
                  (call $advance (i32.const 1))
                  (return))
                (call $skip_varint)
                (return))
              (call $advance (i32.const 8))
              (return))
            (drop (call $binary))
            (return))
          ;; A list or set.
          (local.set $n (call $list))
          (local.set $e (global.get $etype))
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (call $element (local.get $e) (local.get $depth))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (return))
        ;; A map: its size, then (unless empty) the key and value types in one byte.
        (local.set $n (call $size))
        (if (i32.eqz (local.get $n)) (then (return)))
        (if (i32.gt_u (local.get $n) (i32.sub (global.get $end) (global.get $pos))) (then (call $fail (i32.const 5))))
        (local.set $kv (call $byte))
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get $n)))
            (call $element (i32.shr_u (local.get $kv) (i32.const 4)) (local.get $depth))
            (call $element (i32.and (local.get $kv) (i32.const 15)) (local.get $depth))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $next)))
        (return))
      ;; A struct: fields until its stop byte, none of them wanted.
      (drop (call $next_wanted (i32.const 0) (i32.const 0) (i32.add (local.get $depth) (i32.const 1))))
      (return))
    (call $fail (i32.const 4)))

  ;; Skips an element of a list, set or map (where a boolean is a byte of its own).
  (func $element (param $type i32) (param $depth i32)
    (if (i32.or (i32.eq (local.get $type) (i32.const 1)) (i32.eq (local.get $type) (i32.const 2)))
      (then (call $advance (i32.const 1)))
      (else (call $skip (local.get $type) (i32.add (local.get $depth) (i32.const 1))))))

  ;; Room for n records of a size after the footer, the memory grown as needed.
  (func $alloc (param $n i32) (param $size i32) (result i32)
    (local $p i32) (local $bytes i64) (local $need i32) (local $have i32)
    (local.set $p (global.get $bump))
    (local.set $bytes (i64.mul (i64.extend_i32_u (local.get $n)) (i64.extend_i32_u (local.get $size))))
    (if (i64.gt_u (local.get $bytes) (i64.sub (i64.const 0x7fff0000) (i64.extend_i32_u (local.get $p))))
      (then (call $fail (i32.const 7))))
    (local.set $need (i32.add (local.get $p) (i32.wrap_i64 (local.get $bytes))))
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $need) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $need) (local.get $have)) (i32.const 65535)) (i32.const 16)))
              (i32.const -1))
          (then (call $fail (i32.const 7))))))
    (global.set $bump (local.get $need))
    (local.get $p))

  ;; TimestampType: isAdjustedToUTC and the unit (a union: its member's id).
  (func $timestamp (param $r i32)
    (local $t i32) (local $id i32) (local $uid i32)
    (block $done
      (loop $next
        (local.set $id (call $next_wanted (local.get $id) (i32.const 6) (i32.const 3)))
        (local.set $t (global.get $ftype))
        (br_if $done (i32.eqz (local.get $t)))
        (if (i32.and (i32.eq (local.get $id) (i32.const 1)) (i32.or (i32.eq (local.get $t) (i32.const 1)) (i32.eq (local.get $t) (i32.const 2))))
          (then (i32.store offset=28 (local.get $r) (i32.eq (local.get $t) (i32.const 1))))
          (else
            (if (i32.and (i32.eq (local.get $id) (i32.const 2)) (i32.eq (local.get $t) (i32.const 12)))
              (then
                (local.set $uid (i32.const 0))
                (block $units
                  (loop $unit
                    (local.set $uid (call $next_wanted (local.get $uid) (i32.const -1) (i32.const 4)))
                    (br_if $units (i32.eqz (global.get $ftype)))
                    (i32.store offset=24 (local.get $r) (local.get $uid))
                    (call $skip (global.get $ftype) (i32.const 4))
                    (br $unit))))
              (else (call $skip (local.get $t) (i32.const 3))))))
        (br $next))))

  ;; LogicalType, a union: the member's id, and a timestamp's details.
  (func $logical (param $r i32)
    (local $t i32) (local $id i32)
    (block $done
      (loop $next
        (local.set $id (call $next_wanted (local.get $id) (i32.const -1) (i32.const 2)))
        (local.set $t (global.get $ftype))
        (br_if $done (i32.eqz (local.get $t)))
        (i32.store offset=20 (local.get $r) (local.get $id))
        (if (i32.and (i32.eq (local.get $id) (i32.const 8)) (i32.eq (local.get $t) (i32.const 12)))
          (then (call $timestamp (local.get $r)))
          (else (call $skip (local.get $t) (i32.const 2))))
        (br $next))))

  (func $schema (param $header i32)
    (local $n i32) (local $i i32) (local $r i32) (local $t i32) (local $id i32)
    (local.set $n (call $struct_list))
    (local.set $r (call $alloc (local.get $n) (i32.const 32)))
    (i32.store offset=8 (local.get $header) (local.get $r))
    (i32.store offset=12 (local.get $header) (local.get $n))
    (block $elements
      (loop $element
        (br_if $elements (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (local.get $r) (i32.const -1))
        (i32.store offset=4 (local.get $r) (i32.const -1))
        (i32.store offset=8 (local.get $r) (i32.const 0))
        (i32.store offset=12 (local.get $r) (i32.const 0))
        (i32.store offset=16 (local.get $r) (i32.const -1))
        (i32.store offset=20 (local.get $r) (i32.const -1))
        (i32.store offset=24 (local.get $r) (i32.const -1))
        (i32.store offset=28 (local.get $r) (i32.const -1))
        (local.set $id (i32.const 0))
        (block $done
          (loop $next
            (local.set $id (call $next_wanted (local.get $id) (i32.const 1138) (i32.const 2)))
            (local.set $t (global.get $ftype))
            (br_if $done (i32.eqz (local.get $t)))
            (block $handled
              (if (i32.and (i32.eq (local.get $id) (i32.const 1)) (i32.eq (local.get $t) (i32.const 5)))
                (then (i32.store (local.get $r) (call $int)) (br $handled)))
              (if (i32.and (i32.eq (local.get $id) (i32.const 4)) (i32.eq (local.get $t) (i32.const 8)))
                (then
                  (i32.store offset=4 (local.get $r) (call $binary))
                  (i32.store offset=8 (local.get $r) (global.get $len))
                  (br $handled)))
              (if (i32.and (i32.eq (local.get $id) (i32.const 5)) (i32.eq (local.get $t) (i32.const 5)))
                (then (i32.store offset=12 (local.get $r) (call $int)) (br $handled)))
              (if (i32.and (i32.eq (local.get $id) (i32.const 6)) (i32.eq (local.get $t) (i32.const 5)))
                (then (i32.store offset=16 (local.get $r) (call $int)) (br $handled)))
              (if (i32.and (i32.eq (local.get $id) (i32.const 10)) (i32.eq (local.get $t) (i32.const 12)))
                (then (call $logical (local.get $r)) (br $handled)))
              (call $skip (local.get $t) (i32.const 2)))
            (br $next)))
        (local.set $r (i32.add (local.get $r) (i32.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $element))))

  (func $statistics (param $c i32)
    (local $t i32) (local $id i32) (local $bool i32)
    (block $done
      (loop $next
        (local.set $id (call $next_wanted (local.get $id) (i32.const 488) (i32.const 5)))
        (local.set $t (global.get $ftype))
        (br_if $done (i32.eqz (local.get $t)))
        (local.set $bool (i32.or (i32.eq (local.get $t) (i32.const 1)) (i32.eq (local.get $t) (i32.const 2))))
        (block $handled
          (if (i32.and (i32.eq (local.get $id) (i32.const 3)) (i32.eq (local.get $t) (i32.const 6)))
            (then (f64.store (local.get $c) (call $count)) (br $handled)))
          (if (i32.and (i32.eq (local.get $id) (i32.const 5)) (i32.eq (local.get $t) (i32.const 8)))
            (then
              (i32.store offset=28 (local.get $c) (call $binary))
              (i32.store offset=32 (local.get $c) (global.get $len))
              (br $handled)))
          (if (i32.and (i32.eq (local.get $id) (i32.const 6)) (i32.eq (local.get $t) (i32.const 8)))
            (then
              (i32.store offset=20 (local.get $c) (call $binary))
              (i32.store offset=24 (local.get $c) (global.get $len))
              (br $handled)))
          (if (i32.and (i32.eq (local.get $id) (i32.const 7)) (local.get $bool))
            (then (i32.store offset=40 (local.get $c) (i32.eq (local.get $t) (i32.const 1))) (br $handled)))
          (if (i32.and (i32.eq (local.get $id) (i32.const 8)) (local.get $bool))
            (then (i32.store offset=36 (local.get $c) (i32.eq (local.get $t) (i32.const 1))) (br $handled)))
          (call $skip (local.get $t) (i32.const 5)))
        (br $next))))

  (func $path (param $c i32)
    (local $n i32) (local $i i32) (local $off i32)
    (local.set $n (call $list))
    (if (i32.ne (global.get $etype) (i32.const 8)) (then (call $fail (i32.const 8))))
    (i32.store offset=16 (local.get $c) (local.get $n))
    (i32.store offset=44 (local.get $c) (global.get $pos))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $off (call $binary))
        (if (i32.eqz (local.get $i))
          (then
            (i32.store offset=8 (local.get $c) (local.get $off))
            (i32.store offset=12 (local.get $c) (global.get $len))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func $column_meta_data (param $c i32)
    (local $t i32) (local $id i32)
    (block $done
      (loop $next
        (local.set $id (call $next_wanted (local.get $id) (i32.const 4104) (i32.const 4)))
        (local.set $t (global.get $ftype))
        (br_if $done (i32.eqz (local.get $t)))
        (if (i32.and (i32.eq (local.get $id) (i32.const 3)) (i32.eq (local.get $t) (i32.const 9)))
          (then (call $path (local.get $c)))
          (else
            (if (i32.and (i32.eq (local.get $id) (i32.const 12)) (i32.eq (local.get $t) (i32.const 12)))
              (then (call $statistics (local.get $c)))
              (else (call $skip (local.get $t) (i32.const 4))))))
        (br $next))))

  (func $columns (param $g i32)
    (local $n i32) (local $i i32) (local $c i32) (local $t i32) (local $id i32)
    (local.set $n (call $struct_list))
    (local.set $c (call $alloc (local.get $n) (i32.const 48)))
    (i32.store offset=8 (local.get $g) (local.get $c))
    (i32.store offset=12 (local.get $g) (local.get $n))
    (block $chunks
      (loop $chunk
        (br_if $chunks (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (local.get $c) (f64.const nan))
        (i32.store offset=8 (local.get $c) (i32.const -1))
        (i32.store offset=12 (local.get $c) (i32.const 0))
        (i32.store offset=16 (local.get $c) (i32.const 0))
        (i32.store offset=20 (local.get $c) (i32.const -1))
        (i32.store offset=24 (local.get $c) (i32.const 0))
        (i32.store offset=28 (local.get $c) (i32.const -1))
        (i32.store offset=32 (local.get $c) (i32.const 0))
        (i32.store offset=36 (local.get $c) (i32.const -1))
        (i32.store offset=40 (local.get $c) (i32.const -1))
        (i32.store offset=44 (local.get $c) (i32.const -1))
        (local.set $id (i32.const 0))
        (block $done
          (loop $next
            (local.set $id (call $next_wanted (local.get $id) (i32.const 8) (i32.const 3)))
            (local.set $t (global.get $ftype))
            (br_if $done (i32.eqz (local.get $t)))
            (if (i32.and (i32.eq (local.get $id) (i32.const 3)) (i32.eq (local.get $t) (i32.const 12)))
              (then (call $column_meta_data (local.get $c)))
              (else (call $skip (local.get $t) (i32.const 3))))
            (br $next)))
        (local.set $c (i32.add (local.get $c) (i32.const 48)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $chunk))))

  (func $row_groups (param $header i32)
    (local $n i32) (local $i i32) (local $g i32) (local $t i32) (local $id i32)
    (local.set $n (call $struct_list))
    (local.set $g (call $alloc (local.get $n) (i32.const 16)))
    (i32.store offset=16 (local.get $header) (local.get $g))
    (i32.store offset=20 (local.get $header) (local.get $n))
    (block $groups
      (loop $group
        (br_if $groups (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (local.get $g) (f64.const nan))
        (i32.store offset=8 (local.get $g) (i32.const 0))
        (i32.store offset=12 (local.get $g) (i32.const 0))
        (local.set $id (i32.const 0))
        (block $done
          (loop $next
            (local.set $id (call $next_wanted (local.get $id) (i32.const 10) (i32.const 2)))
            (local.set $t (global.get $ftype))
            (br_if $done (i32.eqz (local.get $t)))
            (if (i32.and (i32.eq (local.get $id) (i32.const 1)) (i32.eq (local.get $t) (i32.const 9)))
              (then (call $columns (local.get $g)))
              (else
                (if (i32.and (i32.eq (local.get $id) (i32.const 3)) (i32.eq (local.get $t) (i32.const 6)))
                  (then (f64.store (local.get $g) (call $count)))
                  (else (call $skip (local.get $t) (i32.const 2))))))
            (br $next)))
        (if (f64.ne (f64.load (local.get $g)) (f64.load (local.get $g))) (then (call $fail (i32.const 9))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $group))))

  ;; Decodes the FileMetaData in bytes [0, length) of the memory; returns its header record.
  (func (export "decode") (param $length i32) (result i32)
    (local $header i32) (local $t i32) (local $id i32)
    (global.set $err (i32.const 0))
    (global.set $pos (i32.const 0))
    (global.set $end (local.get $length))
    (global.set $bump (i32.and (i32.add (local.get $length) (i32.const 7)) (i32.const -8)))
    (local.set $header (call $alloc (i32.const 1) (i32.const 48)))
    (f64.store (local.get $header) (f64.const nan))
    (i32.store offset=8 (local.get $header) (i32.const 0))
    (i32.store offset=12 (local.get $header) (i32.const 0))
    (i32.store offset=16 (local.get $header) (i32.const 0))
    (i32.store offset=20 (local.get $header) (i32.const 0))
    (block $done
      (loop $next
        (local.set $id (call $next_wanted (local.get $id) (i32.const 28) (i32.const 1)))
        (local.set $t (global.get $ftype))
        (br_if $done (i32.eqz (local.get $t)))
        (block $handled
          (if (i32.and (i32.eq (local.get $id) (i32.const 2)) (i32.eq (local.get $t) (i32.const 9)))
            (then (call $schema (local.get $header)) (br $handled)))
          (if (i32.and (i32.eq (local.get $id) (i32.const 3)) (i32.eq (local.get $t) (i32.const 6)))
            (then (f64.store (local.get $header) (call $count)) (br $handled)))
          (if (i32.and (i32.eq (local.get $id) (i32.const 4)) (i32.eq (local.get $t) (i32.const 9)))
            (then (call $row_groups (local.get $header)) (br $handled)))
          (call $skip (local.get $t) (i32.const 1)))
        (br $next)))
    (local.get $header))

  ;; Whether chunk record c is of a top-level column named by the `length` bytes at `name`.
  (func $is_column (param $c i32) (param $name i32) (param $length i32) (result i32)
    (local $at i32) (local $i i32)
    (if (i32.ne (i32.load offset=16 (local.get $c)) (i32.const 1)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load offset=12 (local.get $c)) (local.get $length)) (then (return (i32.const 0))))
    (local.set $at (i32.load offset=8 (local.get $c)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $length)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $i))) (i32.load8_u (i32.add (local.get $name) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; The order of two stated values (offsets and lengths in the footer) as the mode reads them:
  ;; 1 INT32, 2 INT32 unsigned, 3 INT64, 4 INT64 unsigned, 5 bytes (UTF-8 text). Negative: a before b.
  (func $compare (param $a i32) (param $alen i32) (param $b i32) (param $blen i32) (param $mode i32) (result i32)
    (local $i i32) (local $n i32) (local $x i32) (local $y i32) (local $p i64) (local $q i64)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $x (i32.load (local.get $a)))
        (local.set $y (i32.load (local.get $b)))
        (return (i32.sub (i32.gt_s (local.get $x) (local.get $y)) (i32.lt_s (local.get $x) (local.get $y))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $x (i32.load (local.get $a)))
        (local.set $y (i32.load (local.get $b)))
        (return (i32.sub (i32.gt_u (local.get $x) (local.get $y)) (i32.lt_u (local.get $x) (local.get $y))))))
    (if (i32.eq (local.get $mode) (i32.const 3))
      (then
        (local.set $p (i64.load (local.get $a)))
        (local.set $q (i64.load (local.get $b)))
        (return (i32.sub (i64.gt_s (local.get $p) (local.get $q)) (i64.lt_s (local.get $p) (local.get $q))))))
    (if (i32.eq (local.get $mode) (i32.const 4))
      (then
        (local.set $p (i64.load (local.get $a)))
        (local.set $q (i64.load (local.get $b)))
        (return (i32.sub (i64.gt_u (local.get $p) (local.get $q)) (i64.lt_u (local.get $p) (local.get $q))))))
    ;; Bytes: the first that differs, else the shorter first.
    (local.set $n (select (local.get $alen) (local.get $blen) (i32.lt_u (local.get $alen) (local.get $blen))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.load8_u (i32.add (local.get $a) (local.get $i))))
        (local.set $y (i32.load8_u (i32.add (local.get $b) (local.get $i))))
        (if (i32.ne (local.get $x) (local.get $y)) (then (return (i32.sub (local.get $x) (local.get $y)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $alen) (local.get $blen)))

  ;; The chunk holding the better value of one side (`at`: the record offset of its value's
  ;; offset; `exact`: of its exactness; `max`: 1 for the max) between chunk c and the best so
  ;; far: -1 none yet, -2 not known exactly (a chunk with values states none, or not exactly).
  (func $pick (param $c i32) (param $best i32) (param $at i32) (param $exact i32) (param $mode i32) (param $max i32) (result i32)
    (local $v i32) (local $len i32) (local $order i32)
    (if (i32.eq (local.get $best) (i32.const -2)) (then (return (i32.const -2))))
    (local.set $v (i32.load (i32.add (local.get $c) (local.get $at))))
    (local.set $len (i32.load offset=4 (i32.add (local.get $c) (local.get $at))))
    (if (i32.lt_s (local.get $v) (i32.const 0)) (then (return (i32.const -2))))
    (if (i32.eq (local.get $mode) (i32.const 5))
      (then (if (i32.ne (i32.load (i32.add (local.get $c) (local.get $exact))) (i32.const 1)) (then (return (i32.const -2)))))
      (else
        (if (i32.ne (local.get $len) (select (i32.const 4) (i32.const 8) (i32.le_u (local.get $mode) (i32.const 2))))
          (then (return (i32.const -2))))))
    (if (i32.eq (local.get $best) (i32.const -1)) (then (return (local.get $c))))
    (local.set $order
      (call $compare (local.get $v) (local.get $len)
        (i32.load (i32.add (local.get $best) (local.get $at))) (i32.load offset=4 (i32.add (local.get $best) (local.get $at)))
        (local.get $mode)))
    (if (result i32) (select (i32.gt_s (local.get $order) (i32.const 0)) (i32.lt_s (local.get $order) (i32.const 0)) (local.get $max))
      (then (local.get $c))
      (else (local.get $best))))

  ;; One top-level column's statistics over every row group: its chunk in each (at `position`
  ;; when it is there, else found by its path, `name`: offset and length of its UTF-8 name in
  ;; the footer), the null counts summed (NaN when one is not stated) and, for a mode (see
  ;; $compare; 0: none), the chunks whose min and max are the column's, skipping row groups of
  ;; nulls only. Writes at `out`: f64 nulls | i32 min offset | min length | max offset | max
  ;; length, an offset -1 when no row group holds a value, -2 when not known exactly. Returns 0
  ;; when a row group has no chunk of the column (nothing is written), else 1.
  (func (export "column") (param $header i32) (param $position i32) (param $name i32) (param $length i32) (param $mode i32) (param $out i32) (result i32)
    (local $g i32) (local $groups i32) (local $first i32) (local $n i32) (local $i i32) (local $c i32)
    (local $nulls f64) (local $min i32) (local $max i32)
    (local.set $min (i32.const -1))
    (local.set $max (i32.const -1))
    (local.set $g (i32.load offset=16 (local.get $header)))
    (local.set $groups (i32.load offset=20 (local.get $header)))
    (block $done
      (loop $group
        (br_if $done (i32.eqz (local.get $groups)))
        (local.set $first (i32.load offset=8 (local.get $g)))
        (local.set $n (i32.load offset=12 (local.get $g)))
        (local.set $c (i32.const -1))
        (if (i32.lt_u (local.get $position) (local.get $n))
          (then
            (local.set $c (i32.add (local.get $first) (i32.mul (local.get $position) (i32.const 48))))
            (if (i32.eqz (call $is_column (local.get $c) (local.get $name) (local.get $length)))
              (then (local.set $c (i32.const -1))))))
        (local.set $i (i32.const 0))
        (block $found
          (loop $search
            (br_if $found (i32.ge_s (local.get $c) (i32.const 0)))
            (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const 0))))
            (if (call $is_column (i32.add (local.get $first) (i32.mul (local.get $i) (i32.const 48))) (local.get $name) (local.get $length))
              (then (local.set $c (i32.add (local.get $first) (i32.mul (local.get $i) (i32.const 48))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $search)))
        (local.set $nulls (f64.add (local.get $nulls) (f64.load (local.get $c))))
        (if (i32.and (i32.ne (local.get $mode) (i32.const 0)) (f64.ne (f64.load (local.get $c)) (f64.load (local.get $g))))
          (then
            (local.set $min (call $pick (local.get $c) (local.get $min) (i32.const 20) (i32.const 36) (local.get $mode) (i32.const 0)))
            (local.set $max (call $pick (local.get $c) (local.get $max) (i32.const 28) (i32.const 40) (local.get $mode) (i32.const 1)))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $groups (i32.sub (local.get $groups) (i32.const 1)))
        (br $group)))
    (f64.store (local.get $out) (local.get $nulls))
    (if (i32.ge_s (local.get $min) (i32.const 0))
      (then
        (i32.store offset=8 (local.get $out) (i32.load offset=20 (local.get $min)))
        (i32.store offset=12 (local.get $out) (i32.load offset=24 (local.get $min))))
      (else (i32.store offset=8 (local.get $out) (local.get $min))))
    (if (i32.ge_s (local.get $max) (i32.const 0))
      (then
        (i32.store offset=16 (local.get $out) (i32.load offset=28 (local.get $max)))
        (i32.store offset=20 (local.get $out) (i32.load offset=32 (local.get $max))))
      (else (i32.store offset=16 (local.get $out) (local.get $max))))
    (i32.const 1))

  (func (export "error") (result i32) (global.get $err))
  ;; The end of the records written by the last decode.
  (func (export "used") (result i32) (global.get $bump)))
