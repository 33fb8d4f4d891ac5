"""The bundled demo site farm: fake Chinese government websites on 127.0.0.1 and [::1].

`govmon.demo.farm.Farm` serves every site of config/units.yaml (virtual hosts by the Host header)
and a DNS stub that resolves only the farm's host names. Dates are relative to the farm's `today`.
`govmon.demo.answers` is the answer key: every seeded defect, and decoys that must not be flagged.
Run it by hand with `python -m govmon.demo.farm --port 18080 --dns-port 15353`.
"""
