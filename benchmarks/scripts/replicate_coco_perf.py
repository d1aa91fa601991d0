#!/usr/bin/env python3
# Usage: replicate_coco_perf.py GT.json RESULTS.json N OUT_PREFIX  -> OUT_PREFIX_gt.json, OUT_PREFIX_results.json (plain python3)
"""Replicate the coco5k perf case N times (new image / annotation ids) to measure scaling with identical statistics."""
import json, sys
src_gt, src_res, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
g = json.load(open(src_gt)); r = json.load(open(src_res))
off = max(i['id'] for i in g['images']) + 1
aoff = max(a['id'] for a in g['annotations']) + 1
imgs, anns, res = [], [], []
for c in range(n):
    for i in g['images']:
        j = dict(i); j['id'] = i['id'] + c * off; imgs.append(j)
    for a in g['annotations']:
        b = dict(a); b['id'] = a['id'] + c * aoff; b['image_id'] = a['image_id'] + c * off; anns.append(b)
    for a in r:
        b = dict(a); b['image_id'] = a['image_id'] + c * off; res.append(b)
json.dump({'images': imgs, 'annotations': anns, 'categories': g['categories']}, open(out + '_gt.json', 'w'))
json.dump(res, open(out + '_results.json', 'w'))
print(len(imgs), len(anns), len(res))
